/**
 * In the page: navigate, then wait until queries were sent and every panel has
 * stayed terminal for 300 ms — no query in flight, no spinner or loading bar,
 * every stand-in core panel Done or Error. Timed with the page's own clock.
 */
export interface Navigation {
  push?: string;
  partial?: Record<string, string>;
}

export interface Settled {
  /** From the navigation to the first moment everything was terminal. */
  msToTerminal: number;
  /** Queries sent meanwhile. */
  queries: number;
  /** Stand-in core panels by state. */
  corePanels: Record<string, number>;
  /** Stand-in core panels showing at least one series. */
  corePanelsWithData: number;
  /** The app's own panels (its `section[aria-label]` frames). */
  appPanels: number;
  /** PromQL that reached Prometheus meanwhile, interpolated. */
  prometheus: string[];
}

const STABLE_MS = 300;

function busyElements(): number {
  const spinners = document.querySelectorAll(
    '[data-testid="Spinner"], [data-host-panel][data-state="Loading"], [data-host-panel][data-state="NotStarted"]',
  ).length;
  const loadingBars = Array.from(document.querySelectorAll('[role="status"]')).filter((e) =>
    /loading/i.test(e.getAttribute('aria-label') ?? ''),
  ).length;
  return spinners + loadingBars;
}

function panelStates(): Record<string, number> {
  const states: Record<string, number> = {};
  for (const el of Array.from(document.querySelectorAll('[data-host-panel]'))) {
    const state = el.getAttribute('data-state') ?? 'unknown';
    states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 10)));

export async function navigateAndSettle(
  navigate: Navigation,
  go: (navigate: Navigation) => void,
  inflight: () => { count: number; sent: number },
  expressions: readonly string[],
  failure: () => string | undefined,
  timeoutMs = 30_000,
): Promise<Settled> {
  const sentBefore = inflight().sent;
  const expressionsBefore = expressions.length;
  const t0 = performance.now();
  go(navigate);
  let firstSettled: number | undefined;
  while (performance.now() - t0 < timeoutMs) {
    await nextFrame();
    const failed = failure();
    if (failed) throw new Error(`Plugin failed to load: ${failed}`);
    const { count, sent } = inflight();
    if (busyElements() > 0 || count > 0 || sent === sentBefore) {
      firstSettled = undefined;
      continue;
    }
    firstSettled ??= performance.now();
    if (performance.now() - firstSettled >= STABLE_MS) {
      return {
        msToTerminal: firstSettled - t0,
        queries: inflight().sent - sentBefore,
        corePanels: panelStates(),
        corePanelsWithData: document.querySelectorAll('[data-host-panel][data-has-data="yes"]').length,
        appPanels: document.querySelectorAll('section[aria-label]').length,
        prometheus: expressions.slice(expressionsBefore),
      };
    }
  }
  throw new Error(`panels still loading after ${timeoutMs} ms at ${location.pathname}${location.search}`);
}
