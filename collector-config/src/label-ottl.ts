import { LABEL, LABEL_BOUNDS, LABEL_VALUE_CHARACTERS, LABEL_VALUE_OTHER, type LabelBound } from '@bilan/contract';

/**
 * The Collector's label statements (OTTL, transform processor), rendered from the contract's
 * `LABEL_BOUNDS` into `otelcol-config.yaml` between two marker comments of each label processor
 * (`npm run render -w collector-config`; `label-ottl.test.ts` fails when the file is stale).
 */

/** Label processors of the pipeline and the signal each bounds labels on. */
export const LABEL_PROCESSORS = {
  'transform/event_labels': 'events',
  'transform/turn_labels': 'turns',
} as const;
type LabelSignal = (typeof LABEL_PROCESSORS)[keyof typeof LABEL_PROCESSORS];

export const BEGIN_MARKER = '# Rendered from @bilan/contract LABEL_BOUNDS by `npm run render -w collector-config`.';
export const END_MARKER = '# End of the rendered label bounds.';

const attributePath = (bound: LabelBound) =>
  `${bound.fromResource ? 'resource.attributes' : 'attributes'}["${bound.attribute}"]`;

/** Two statements: any value becomes `other`, then a value within the bounds replaces it. */
export function boundStatements(bound: LabelBound): string[] {
  const value = attributePath(bound);
  const label = `attributes["${bound.label}"]`;
  const within = [
    `IsString(${value})`,
    `Len(${value}) <= ${bound.maxLength}`,
    `not IsMatch(${value}, "[^${LABEL_VALUE_CHARACTERS}]")`,
    `IsMatch(${value}, "\${env:${bound.allowlistVariable}:-}")`,
  ].join(' and ');
  return [`set(${label}, "${LABEL_VALUE_OTHER}") where ${value} != nil`, `set(${label}, ${value}) where ${within}`];
}

/** The rendered lines of one processor: comments and statements, as YAML list items. */
export function renderLabelBlock(signal: LabelSignal, indent: string): string[] {
  const reserved = Object.values(LABEL).join('|');
  const bounds = LABEL_BOUNDS.filter((b) => signal === 'events' || b.onTurns);
  return [
    BEGIN_MARKER,
    "# Label names are reserved: a producer's own attribute of that name must not bypass the bounds.",
    `- delete_matching_keys(attributes, "^(${reserved})$")`,
    ...bounds.flatMap(boundStatements).map((statement) => `- ${statement}`),
    END_MARKER,
  ].map((line) => `${indent}${line}`);
}

/**
 * The config text with each label processor's block between the markers replaced by the rendered
 * one. Throws when a processor or its markers are missing, so a rename cannot go unnoticed.
 */
export function renderLabelStatementsInto(config: string): string {
  const lines = config.split('\n');
  for (const [processor, signal] of Object.entries(LABEL_PROCESSORS)) {
    const start = lines.indexOf(`  ${processor}:`);
    if (start < 0) throw new Error(`otelcol-config.yaml has no processor ${processor}`);
    const next = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
    const end = next < 0 ? lines.length : next;
    const begin = lines.findIndex((line, i) => i > start && i < end && line.trim() === BEGIN_MARKER);
    const finish = lines.findIndex((line, i) => i > begin && i < end && line.trim() === END_MARKER);
    if (begin < 0 || finish < 0) throw new Error(`${processor}: the rendered label bounds' markers are missing`);
    const indent = (lines[begin] as string).slice(0, (lines[begin] as string).indexOf('#'));
    lines.splice(begin, finish - begin + 1, ...renderLabelBlock(signal, indent));
  }
  return lines.join('\n');
}
