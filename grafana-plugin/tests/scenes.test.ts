/**
 * Builds every page's scene without rendering and walks it: which data sources
 * and queries each page uses, that configured uids reach every query, and that
 * every LogQL and TraceQL parses with Grafana's grammars. (PromQL runs against
 * real Prometheus in promql.live.test.ts.)
 */
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import { type SceneObject, SceneQueryRunner } from '@grafana/scenes';
import { describe, expect, it } from 'vitest';
import { buildBilanApp } from '../src/components/App';
import { PAGES } from '../src/pages';
import { buildFeedbackExpr } from '../src/pages/feedback';
import { appPrometheusQueries, appVariableQueries } from '../src/services/app-queries';
import { buildUserJourneyStepsQuery } from '../src/services/logql';
import { buildDailyVotesByRating, buildJourneySteps, buildTrustScore, OVER_ROLLUP } from '../src/services/promql';
import { resolveDatasources } from '../src/utils/settings';
import { grammarErrors } from './grammar';
import { interpolate } from './interpolate';
import { collectQueries } from './scene-queries';

const defaults = resolveDatasources(undefined);
const byPage = Object.fromEntries(PAGES.map((p) => [p.route, collectQueries(p.build(defaults))]));
const panelTypes = (route: string) =>
  [...new Set(byPage[route]?.filter((q) => q.kind === 'panel').map((q) => q.datasource.type))].sort();

describe('pages', () => {
  it('are the six the issue lists, in menu order, under the app URL', () => {
    expect(PAGES.map((p) => p.title)).toEqual([
      'Overview',
      'Feedback',
      'Turns',
      'Conversations',
      'Journeys',
      'Compare',
    ]);
    const app = buildBilanApp(defaults);
    expect(app.state.pages.map((p) => p.state.url)).toEqual(PAGES.map((p) => `/a/bilan-analytics-app/${p.route}`));
  });

  it('use the data sources each view needs', () => {
    expect(panelTypes('overview')).toEqual(['loki', 'prometheus']);
    expect(panelTypes('feedback')).toEqual(['loki']);
    expect(panelTypes('turns')).toEqual(['prometheus', 'tempo']);
    expect(panelTypes('conversations')).toEqual(['loki', 'tempo']);
    expect(panelTypes('journeys')).toEqual(['prometheus']);
    expect(panelTypes('compare')).toEqual(['prometheus']);
  });

  it('issue the expected key queries', () => {
    const texts = (route: string) => byPage[route]?.map((q) => q.text) ?? [];
    expect(texts('overview')).toContain(buildTrustScore());
    expect(texts('overview').some((t) => t.includes('gen_ai_evaluation_score_label=~"negative"'))).toBe(true);
    expect(texts('feedback')).toContain(buildFeedbackExpr('any', ''));
    expect(texts('turns').some((t) => t.includes('| rate() by (span.error.type)'))).toBe(true);
    // The conversation user's journey steps: reached by the walk, so the LogQL grammar check below covers it.
    expect(texts('conversations')).toContain(buildUserJourneyStepsQuery('$conversation_user'));
    expect(texts('compare')).toEqual(
      expect.arrayContaining([buildDailyVotesByRating(['prompt_version']), buildDailyVotesByRating(['model'])]),
    );
    expect(texts('journeys')).toContain(buildJourneySteps());
  });

  it('issue exactly the Prometheus queries the 30-day benchmark times', () => {
    const fromScenes = Object.values(byPage)
      .flat()
      .filter((q) => q.datasource.type === 'prometheus' && q.kind === 'panel')
      .map((q) => `${q.instant ? 'instant' : 'range'} ${q.text}`);
    const timed = appPrometheusQueries().map((q) => `${q.instant ? 'instant' : 'range'} ${q.expr}`);
    expect(new Set(timed)).toEqual(new Set(fromScenes));
    const variables = Object.values(byPage)
      .flat()
      .filter((q) => q.kind === 'variable')
      .map((q) => q.text);
    expect(new Set(appVariableQueries().map((v) => v.query))).toEqual(new Set(variables));
  });

  it('step every Prometheus range panel at least at the roll-up window, on the runner (Scenes computes $__interval from minInterval)', () => {
    const minSteps: Record<string, string[]> = {};
    for (const page of PAGES) {
      const visit = (obj: SceneObject) => {
        if (obj instanceof SceneQueryRunner && obj.state.datasource?.type === 'prometheus') {
          const queries = obj.state.queries as { range?: boolean; interval?: string }[];
          if (queries.some((q) => q.range))
            minSteps[page.route] = [...(minSteps[page.route] ?? []), String(obj.state.minInterval)];
          for (const q of queries) expect(q.interval, page.route).toBeUndefined();
        }
        obj.forEachChild(visit);
      };
      visit(page.build(defaults));
    }
    expect(minSteps).toEqual({
      overview: [OVER_ROLLUP.minStep],
      turns: Array(minSteps.turns?.length ?? 0).fill(OVER_ROLLUP.minStep),
      compare: ['1d', '1d'],
    });
    expect(minSteps.turns?.length).toBeGreaterThan(0);
  });

  it('send every query to the configured data sources', () => {
    const custom = { prometheus: 'mimir', loki: 'logs', tempo: 'traces' };
    for (const page of PAGES) {
      for (const q of collectQueries(page.build(custom))) {
        expect(q.datasource.uid, `${page.route}: ${q.text}`).toBe(custom[q.datasource.type as keyof typeof custom]);
      }
    }
  });

  it('offer URL-synced filters on every page', () => {
    for (const page of PAGES) {
      const scene = page.build(defaults);
      const names = scene.state.$variables?.state.variables.map((v) => v.state.name) ?? [];
      expect(names, page.route).toContain('service');
      expect(scene.state.$timeRange?.state.from).toBe('now-7d');
    }
  });
});

describe("queries parse with Grafana's grammars", () => {
  const all = Object.values(byPage).flat();

  it('every LogQL', () => {
    const logql = all.filter((q) => q.datasource.type === 'loki');
    expect(logql.length).toBeGreaterThanOrEqual(5);
    for (const q of logql) expect(grammarErrors(logqlParser, interpolate(q.text)), q.text).toEqual([]);
  });

  it('every TraceQL', () => {
    const traceql = all.filter((q) => q.datasource.type === 'tempo');
    expect(traceql.length).toBeGreaterThanOrEqual(3);
    for (const q of traceql) expect(grammarErrors(traceqlParser, interpolate(q.text)), q.text).toEqual([]);
  });

  it('the feedback query with every comment filter set', () => {
    const expr = buildFeedbackExpr('yes', 'wrong "answer" (again)?');
    expect(expr).toContain('gen_ai_evaluation_explanation!=""');
    expect(grammarErrors(logqlParser, interpolate(expr))).toEqual([]);
  });
});
