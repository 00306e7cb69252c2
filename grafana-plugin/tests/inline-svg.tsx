// Stand-in for react-inlinesvg under jsdom, which cannot fetch icon files: an empty <svg> keeps icons in the DOM.
export default function InlineSvg({ title }: { src?: string; title?: string }) {
  return <svg aria-label={title} />;
}
