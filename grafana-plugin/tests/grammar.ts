/** Parses a query with one of Grafana's lezer grammars and returns where each error node sits. */
interface LezerParser {
  parse(input: string): { iterate(spec: { enter(node: { type: { isError: boolean }; from: number }): void }): void };
}

export function grammarErrors(parser: LezerParser, query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`at ${node.from}: …${query.slice(node.from, node.from + 20)}`);
    },
  });
  return errors;
}
