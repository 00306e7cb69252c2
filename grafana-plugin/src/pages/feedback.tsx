import { SceneFlexItem, SceneFlexLayout, type SceneObject, type SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { VAR } from '../constants';
import { buildFeedbackQuery } from '../services/logql';
import type { ResolvedDatasources } from '../utils/settings';
import {
  buildHasCommentVariable,
  buildLabelVariable,
  buildPageScene,
  buildRatingVariable,
  buildTextVariable,
  lokiRunner,
  VARIABLE_FILTERS,
} from './common';
import { buildFeedbackPanel } from './panels';

/** The vote query for the current comment filters; the free text is escaped here, not by the data source. */
export function buildFeedbackExpr(hasComment: string, text: string): string {
  return buildFeedbackQuery({ ...VARIABLE_FILTERS, rating: `$${VAR.rating}`, hasComment: hasComment === 'yes', text });
}

/** Rebuilds the runner's query when the comment filter or search text change. */
function syncCommentFilters(runner: SceneQueryRunner) {
  return (scene: SceneObject) => {
    const read = (name: string) => String(sceneGraph.lookupVariable(name, scene)?.getValue() ?? '');
    const update = () => {
      const expr = buildFeedbackExpr(read(VAR.hasComment), read(VAR.text));
      const [query] = runner.state.queries;
      if (query && query.expr !== expr) {
        runner.setState({ queries: [{ ...query, expr }] });
        if (runner.isActive) runner.runQueries();
      }
    };
    update();
    const subscriptions = [VAR.hasComment, VAR.text].map((name) =>
      sceneGraph.lookupVariable(name, scene)?.subscribeToState(update),
    );
    return () => {
      for (const s of subscriptions) s?.unsubscribe();
    };
  };
}

export function buildFeedbackScene(ds: ResolvedDatasources) {
  const runner = lokiRunner(ds, buildFeedbackExpr('any', ''));
  const scene = buildPageScene(
    new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: buildFeedbackPanel('Feedback', runner, ds.tempo, 600) })],
    }),
    [
      buildLabelVariable('service', ds),
      buildLabelVariable('environment', ds),
      buildRatingVariable(),
      buildLabelVariable('feature', ds),
      buildLabelVariable('model', ds),
      buildLabelVariable('promptVersion', ds),
      buildHasCommentVariable(),
      buildTextVariable(VAR.text, 'Search comments'),
    ],
  );
  scene.setState({ $behaviors: [syncCommentFilters(runner)] });
  return scene;
}
