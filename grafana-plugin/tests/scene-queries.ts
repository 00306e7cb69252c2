/** Walks a scene graph and lists every query it would issue, with its data source. */
import { QueryVariable, type SceneObject, SceneQueryRunner } from '@grafana/scenes';

interface IssuedQuery {
  datasource: { type?: string; uid?: string };
  /** PromQL / LogQL / TraceQL text, or a variable query. */
  text: string;
  instant?: boolean;
  kind: 'panel' | 'variable';
}

export function collectQueries(root: SceneObject): IssuedQuery[] {
  const found: IssuedQuery[] = [];
  const visit = (obj: SceneObject) => {
    if (obj instanceof SceneQueryRunner) {
      const datasource = obj.state.datasource ?? {};
      for (const q of obj.state.queries as { expr?: string; query?: string; instant?: boolean }[]) {
        found.push({ datasource, text: q.expr ?? q.query ?? '', instant: q.instant, kind: 'panel' });
      }
    }
    if (obj instanceof QueryVariable) {
      const q = obj.state.query;
      found.push({
        datasource: obj.state.datasource ?? {},
        text: typeof q === 'string' ? q : String(q.query),
        kind: 'variable',
      });
    }
    obj.forEachChild(visit);
  };
  visit(root);
  return found;
}
