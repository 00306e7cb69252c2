import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';

/** Where Grafana's own grammar could not parse a query. */
interface SyntaxProblem {
  readonly from: number;
  readonly to: number;
  /** The text around the problem, for the failure message. */
  readonly near: string;
}

const PARSERS = { logql: logqlParser, traceql: traceqlParser } as const;

/** Error nodes Grafana's lezer grammar for LogQL or TraceQL puts in the query's syntax tree. */
export function syntaxProblems(language: keyof typeof PARSERS, query: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  PARSERS[language].parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) {
        problems.push({ from: node.from, to: node.to, near: query.slice(Math.max(0, node.from - 15), node.to + 15) });
      }
    },
  });
  return problems;
}
