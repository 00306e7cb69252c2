/**
 * Components with real @grafana/ui and @grafana/data, and one page scene rendered
 * end to end by real Scenes with a runtime data source standing in for Prometheus
 * (Grafana's own services are set through @grafana/runtime's setters).
 */
import {
  type AppRootProps,
  createDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  FieldType,
  LoadingState,
  type PanelData,
} from '@grafana/data';
import { LocationServiceProvider, locationService, setDataSourceSrv, setRunRequest } from '@grafana/runtime';
import {
  RuntimeDataSource,
  registerRuntimeDataSource,
  type SceneObject,
  sceneGraph,
  type TextBoxVariable,
  useSceneApp,
} from '@grafana/scenes';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { from, type Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import App, { buildBilanApp, DatasourceBanner, sceneAppFactory } from '../src/components/App';
import { AppConfigForm } from '../src/components/AppConfig';
import { FEEDBACK_COLUMNS, FeedbackTable } from '../src/components/FeedbackTable';
import { PanelFrame } from '../src/components/PanelFrame';
import { buildConversationsScene } from '../src/pages/conversations';
import { buildFeedbackScene } from '../src/pages/feedback';
import { buildJourneysScene } from '../src/pages/journeys';
import { toCsv } from '../src/utils/csv';
import type { FeedbackRow } from '../src/utils/frames';
import type { AppJsonData } from '../src/utils/settings';

const T0 = Date.UTC(2026, 10, 26, 12);

function vote(i: number, extra: Partial<FeedbackRow> = {}): FeedbackRow {
  return {
    timeMs: T0 - i * 1000,
    rating: i % 2 ? 'negative' : 'positive',
    score: i % 2 ? -1 : 1,
    comment: `comment ${i}`,
    feature: 'search',
    model: 'gpt-x',
    promptVersion: 'v2',
    conversationId: `conv-${i}`,
    turnId: `turn-${i}`,
    traceId: `trace${i}`,
    userId: 'u1',
    service: 'demo',
    ...extra,
  };
}

describe('FeedbackTable', () => {
  const range = { from: '1000', to: '2000' };

  it('renders votes with their comments in the real Grafana table', async () => {
    render(
      <FeedbackTable
        rows={[vote(0), vote(1, { comment: 'Wrong, "very" wrong' })]}
        tempoUid="tempo"
        range={range}
        width={900}
        height={300}
      />,
    );
    const table = await screen.findByLabelText('Feedback');
    expect(within(table).getByText('Wrong, "very" wrong')).toBeInTheDocument();
    expect(within(table).getAllByText('negative').length).toBeGreaterThan(0);
    expect(screen.getByText('2 votes')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Export CSV/ })).toBeInTheDocument();
  });

  it('links each vote to its trace in Explore and to its conversation', async () => {
    render(<FeedbackTable rows={[vote(0)]} tempoUid="traces" range={range} width={900} height={300} />);
    const traceLink = (await screen.findByText('Open trace')).closest('a');
    expect(traceLink?.getAttribute('href')).toMatch(/^\/explore\?schemaVersion=1&panes=/);
    expect(decodeURIComponent(traceLink?.getAttribute('href') ?? '')).toContain('"uid":"traces"');
    const conversationLink = screen.getByText('conv-0').closest('a');
    expect(conversationLink?.getAttribute('href')).toBe(
      '/a/bilan-analytics-app/conversations?from=1000&to=2000&var-conversation=conv-0',
    );
  });

  it('exports what it shows as CSV', () => {
    const csv = toCsv([vote(1, { comment: 'a, "b"' })], FEEDBACK_COLUMNS);
    expect(csv.split('\r\n')[0]).toBe(
      'time,rating,score,comment,feature,model,prompt_version,conversation_id,turn_id,trace_id,user_id,service',
    );
    expect(csv).toContain(',negative,-1,"a, ""b""",search,');
  });
});

describe('PanelFrame', () => {
  it('shows loading, error and empty states instead of content', () => {
    const { rerender } = render(
      <PanelFrame title="Votes" status={{ kind: 'loading' }} emptyText="No votes yet">
        content
      </PanelFrame>,
    );
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    rerender(
      <PanelFrame title="Votes" status={{ kind: 'error', message: 'connection refused' }} emptyText="No votes yet">
        content
      </PanelFrame>,
    );
    expect(screen.getByText('Data source error')).toBeInTheDocument();
    expect(screen.getByText('connection refused')).toBeInTheDocument();
    rerender(
      <PanelFrame title="Votes" status={{ kind: 'empty' }} emptyText="No votes yet">
        content
      </PanelFrame>,
    );
    expect(screen.getByText('No votes yet')).toBeInTheDocument();
    expect(screen.queryByText('content')).not.toBeInTheDocument();
  });
});

// --- Grafana services a running Grafana would provide -------------------------------------------

const FAKE_DATASOURCES: Record<string, DataSourceInstanceSettings> = Object.fromEntries(
  ['prometheus', 'loki', 'tempo'].map((type) => [
    type,
    {
      uid: type,
      name: `${type} (provisioned)`,
      type,
      meta: { id: type, info: { logos: {} } },
      jsonData: {},
      access: 'proxy',
      readOnly: false,
    } as unknown as DataSourceInstanceSettings,
  ]),
);

setDataSourceSrv({
  getList: (filters?: { pluginId?: string }) =>
    Object.values(FAKE_DATASOURCES).filter((d) => !filters?.pluginId || d.type === filters.pluginId),
  getInstanceSettings: (ref: string | { uid?: string } | null | undefined) =>
    FAKE_DATASOURCES[typeof ref === 'string' ? ref : (ref?.uid ?? '')],
  get: async () => {
    throw new Error('not used');
  },
  reload: async () => {},
  registerRuntimeDataSource: () => {},
} as never);

/** Answers Prometheus queries with frames chosen per test; `fail` makes it behave like a data source that is down. */
class FakePrometheus extends RuntimeDataSource {
  frames: (refId: string) => ReturnType<typeof createDataFrame>[] = () => [];
  fail = false;
  query(request: DataQueryRequest): Promise<DataQueryResponse> {
    if (this.fail) return Promise.reject(new Error('Post "http://prometheus:9090/api/v1/query": connection refused'));
    return Promise.resolve({ data: request.targets.flatMap((t) => this.frames(t.refId)) });
  }
  override metricFindQuery() {
    return Promise.resolve([]);
  }
}
const prometheus = new FakePrometheus('prometheus', 'prometheus');
registerRuntimeDataSource({ dataSource: prometheus });

/** Answers LogQL with one vote and remembers the queries it was sent. */
class FakeLoki extends RuntimeDataSource {
  expressions: string[] = [];
  /** When set, answers each expression with these log rows instead of the one vote. */
  answer?: (expr: string) => { t: number; labels: Record<string, string> }[];
  /** The interpolated expressions `answer` saw. */
  answered: string[] = [];
  query(request: DataQueryRequest<{ refId: string; expr?: string }>): Promise<DataQueryResponse> {
    this.expressions.push(...request.targets.map((t) => t.expr ?? ''));
    const answer = this.answer;
    if (answer) {
      // Interpolate `$variables` as Grafana's Loki data source does, through the requesting scene object.
      const scene = request.scopedVars.__sceneObject?.value as SceneObject | undefined;
      const expand = (expr: string) => (scene ? sceneGraph.interpolate(scene, expr) : expr);
      const expressions = request.targets.map((t) => expand(t.expr ?? ''));
      this.answered.push(...expressions);
      return Promise.resolve({ data: expressions.map((expr) => logFrame(answer(expr))) });
    }
    const labels = {
      gen_ai_evaluation_score_label: 'negative',
      gen_ai_evaluation_explanation: 'The answer was wrong',
      gen_ai_conversation_id: 'conv-42',
      trace_id: 'abc',
    };
    const frame = createDataFrame({
      fields: [
        { name: 'labels', type: FieldType.other, values: [labels] },
        { name: 'Time', type: FieldType.time, values: [T0] },
        { name: 'Line', type: FieldType.string, values: [''] },
      ],
    });
    return Promise.resolve({ data: [frame] });
  }
}
const loki = new FakeLoki('loki', 'loki');
registerRuntimeDataSource({ dataSource: loki });

function logFrame(rows: { t: number; labels: Record<string, string> }[]) {
  return createDataFrame({
    fields: [
      { name: 'labels', type: FieldType.other, values: rows.map((r) => r.labels) },
      { name: 'Time', type: FieldType.time, values: rows.map((r) => r.t) },
      { name: 'Line', type: FieldType.string, values: rows.map(() => '') },
    ],
  });
}

/** Tempo with no traces. */
class EmptyTempo extends RuntimeDataSource {
  query(): Promise<DataQueryResponse> {
    return Promise.resolve({ data: [] });
  }
}
registerRuntimeDataSource({ dataSource: new EmptyTempo('tempo', 'tempo') });

setRunRequest(
  (ds, request): Observable<PanelData> =>
    from(
      Promise.resolve(ds.query(request) as Promise<DataQueryResponse>).then(
        (res) => ({ state: LoadingState.Done, series: res.data, timeRange: request.range }) as PanelData,
        (error: Error) =>
          ({
            state: LoadingState.Error,
            series: [],
            errors: [{ message: error.message }],
            timeRange: request.range,
          }) as PanelData,
      ),
    ),
);

function instantFrame(labels: Record<string, string>, value: number) {
  return createDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: [T0] },
      { name: 'Value', type: FieldType.number, values: [value], labels },
    ],
  });
}

function renderJourneys() {
  const scene = buildJourneysScene({ prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' });
  return render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <scene.Component model={scene} />
    </MemoryRouter>,
  );
}

describe('Journeys page (real Scenes, runtime data source)', () => {
  it('renders funnels with conversion and drop-off from Prometheus frames', async () => {
    prometheus.fail = false;
    prometheus.frames = (refId) =>
      refId === 'steps'
        ? [
            instantFrame({ journey: 'signup', step: 'landing' }, 100),
            instantFrame({ journey: 'signup', step: 'form' }, 40),
          ]
        : [instantFrame({ journey: 'signup', outcome: 'completed' }, 30)];
    renderJourneys();
    const funnel = await screen.findByLabelText('Funnel signup', {}, { timeout: 10_000 });
    expect(within(funnel).getByText('landing')).toBeInTheDocument();
    expect(within(funnel).getAllByText('40.0%').length).toBe(1);
    expect(within(funnel).getByText('60.0%')).toBeInTheDocument();
    expect(screen.getByText(/completed 30, abandoned 0/)).toBeInTheDocument();
  });

  it('says so when there are no journeys yet', async () => {
    prometheus.fail = false;
    prometheus.frames = () => [];
    renderJourneys();
    expect(await screen.findByText(/No journey steps yet/, {}, { timeout: 10_000 })).toBeInTheDocument();
  });

  it('shows the data source error when Prometheus is down', async () => {
    prometheus.fail = true;
    renderJourneys();
    expect(await screen.findByText('Data source error', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getAllByText(/connection refused/).length).toBeGreaterThan(0);
  });
});

describe('Feedback page (real Scenes, runtime data source)', () => {
  it('shows votes from Loki and re-queries with the escaped search text', async () => {
    const scene = buildFeedbackScene({ prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' });
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <scene.Component model={scene} />
      </MemoryRouter>,
    );
    // The table may re-render as variables settle, so look the cell up again rather than keep a node.
    await waitFor(() => expect(screen.getByText('The answer was wrong')).toBeInTheDocument(), { timeout: 10_000 });
    expect(screen.getByText('1 votes')).toBeInTheDocument();
    const search = sceneGraph.lookupVariable('q', scene) as TextBoxVariable;
    search.setValue('wrong (again)');
    await waitFor(() =>
      expect(loki.expressions.at(-1)).toContain('gen_ai_evaluation_explanation=~"(?i).*wrong \\\\(again\\\\).*"'),
    );
  });
});

describe('Conversations page (real Scenes, runtime data sources)', () => {
  it("puts the conversation user's journey steps within the conversation on its timeline", async () => {
    const step = (t: number, name: string, user = 'u7') => ({
      t: T0 + t,
      labels: {
        event_name: 'bilan.journey.step',
        bilan_journey_name: 'checkout',
        bilan_journey_step: name,
        user_id: user,
      },
    });
    type Row = { t: number; labels: Record<string, string> };
    loki.answer = (expr): Row[] => {
      if (expr.includes('event_name="bilan.journey.step"'))
        return expr.includes('user_id="u7"') ? [step(1000, 'pay'), step(9000, 'after the end')] : [];
      if (!expr.includes('gen_ai_conversation_id="conv-7"')) return [];
      return [
        { t: T0, labels: { event_name: 'bilan.conversation.start', gen_ai_conversation_id: 'conv-7', user_id: 'u7' } },
        {
          t: T0 + 5000,
          labels: {
            event_name: 'bilan.conversation.end',
            gen_ai_conversation_id: 'conv-7',
            bilan_conversation_outcome: 'completed',
          },
        },
      ];
    };
    try {
      const scene = buildConversationsScene({ prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' });
      render(
        <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
          <scene.Component model={scene} />
        </MemoryRouter>,
      );
      await waitFor(() => expect(loki.expressions.length).toBeGreaterThan(0), { timeout: 10_000 });
      (sceneGraph.lookupVariable('conversation', scene) as TextBoxVariable).setValue('conv-7');
      const timeline = await screen.findByLabelText('Conversation timeline', {}, { timeout: 10_000 });
      await waitFor(() => expect(within(timeline).getByText('checkout → pay')).toBeInTheDocument(), {
        timeout: 10_000,
      });
      expect(within(timeline).getByText('journey step')).toBeInTheDocument();
      expect(within(timeline).getByText('ended: completed')).toBeInTheDocument();
      expect(within(timeline).queryByText('checkout → after the end')).not.toBeInTheDocument();
      expect(loki.answered).toContain('{service_name=~".+"} | event_name="bilan.journey.step" | user_id="u7"');
    } finally {
      loki.answer = undefined;
    }
  });
});

describe('the app (SceneApp) and the URL', () => {
  it('takes filters from a shared link and writes changes back to the URL', async () => {
    const url = '/a/bilan-analytics-app/feedback?from=now-24h&to=now&var-q=refund';
    locationService.push(url);
    const app = buildBilanApp({ prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' });
    render(
      <LocationServiceProvider service={locationService}>
        <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
          <Routes>
            <Route path="/a/bilan-analytics-app/*" element={<app.Component model={app} />} />
          </Routes>
        </MemoryRouter>
      </LocationServiceProvider>,
    );
    await waitFor(() => expect(loki.expressions.some((e) => e.includes('(?i).*refund.*'))).toBe(true), {
      timeout: 10_000,
    });
    await waitFor(() => expect(screen.getByText('The answer was wrong')).toBeInTheDocument());
    const search = screen.getByDisplayValue('refund');
    fireEvent.change(search, { target: { value: 'slow' } });
    fireEvent.blur(search);
    await waitFor(() => expect(locationService.getSearch().get('var-q')).toBe('slow'));
    expect(locationService.getSearch().get('from')).toBe('now-24h');
  });
});

describe('the app root as Grafana renders it', () => {
  const jsonData: AppJsonData = { prometheusUid: 'prometheus', lokiUid: 'loki', tempoUid: 'tempo' };

  it('hands useSceneApp the same factory for the same data sources', () => {
    const ds = { prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' };
    expect(sceneAppFactory({ ...ds })).toBe(sceneAppFactory(ds));
    expect(useSceneApp(sceneAppFactory({ ...ds }))).toBe(useSceneApp(sceneAppFactory(ds)));
    expect(sceneAppFactory({ ...ds, tempo: 'other' })).not.toBe(sceneAppFactory(ds));
  });

  it('keeps one SceneApp and its page scene when Grafana re-renders the root on a location change', async () => {
    const url = '/a/bilan-analytics-app/feedback';
    locationService.push(url);
    // AppRootPage passes fresh props (query, path) on every location change.
    const root = (search: string) => {
      const props = {
        meta: { jsonData: { ...jsonData } },
        basename: url,
        path: url,
        query: { q: search },
        onNavChanged: () => {},
      } as unknown as AppRootProps<AppJsonData>;
      return (
        <LocationServiceProvider service={locationService}>
          <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
            <Routes>
              <Route path="/a/bilan-analytics-app/*" element={<App {...props} />} />
            </Routes>
          </MemoryRouter>
        </LocationServiceProvider>
      );
    };
    const activeScene = () => (window as unknown as { __grafanaSceneContext?: object }).__grafanaSceneContext;
    const { rerender } = render(root('a'));
    await waitFor(() => expect(activeScene()).toBeDefined(), { timeout: 10_000 });
    const first = activeScene();
    await waitFor(() => expect(screen.getByText('The answer was wrong')).toBeInTheDocument(), { timeout: 10_000 });
    const queriesBefore = loki.expressions.length;
    rerender(root('b'));
    rerender(root('c'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(activeScene()).toBe(first);
    expect(loki.expressions.length).toBe(queriesBefore);
  });
});

describe('Configuration', () => {
  it('defaults to the provisioned data sources and saves their uids', async () => {
    const onSave = vi.fn(async () => {});
    render(<AppConfigForm jsonData={undefined} onSave={onSave} />);
    expect(screen.getByText('Prometheus')).toBeInTheDocument();
    expect(screen.getByText('Loki')).toBeInTheDocument();
    expect(screen.getByText('Tempo')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Save data sources' }));
    await waitFor(() =>
      expect(onSave).toHaveBeenCalledWith({ prometheusUid: 'prometheus', lokiUid: 'loki', tempoUid: 'tempo' }),
    );
  });

  it('warns on the app page when a configured data source does not exist', () => {
    const { container } = render(<DatasourceBanner ds={{ prometheus: 'prometheus', loki: 'loki', tempo: 'gone' }} />);
    expect(screen.getByText('No data source configured')).toBeInTheDocument();
    expect(container.textContent).toContain('tempo: no data source with uid "gone"');
    const { container: ok } = render(
      <DatasourceBanner ds={{ prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' }} />,
    );
    expect(ok.textContent).toBe('');
  });
});
