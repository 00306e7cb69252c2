/** Small builders for the PromQL the rules share, so every rule spells a pattern the same way. */

/** `metric{matchers}`; matchers may be empty. */
export function selectSeries(metric: string, ...matchers: string[]): string {
  const list = matchers.filter((m) => m.length > 0).join(', ');
  return list ? `${metric}{${list}}` : metric;
}

/**
 * `sum by (labels) (rate(series[window]))`, for cumulative counters and histograms only (the
 * Collector's own metrics, latency buckets): Bilan's event counts go through the contract's
 * `sumCountOverRange`.
 */
export function sumRate(series: string, window: string, labels: readonly string[]): string {
  return `sum by (${labels.join(', ')}) (rate(${series}[${window}]))`;
}

/** Quantile of a Prometheus histogram (classic buckets), aggregated over everything but `labels`. */
export function histogramQuantile(
  quantile: number,
  histogram: string,
  matchers: string,
  window: string,
  labels: readonly string[],
): string {
  const buckets = selectSeries(`${histogram}_bucket`, matchers);
  return `histogram_quantile(${quantile}, ${sumRate(buckets, window, ['le', ...labels])})`;
}

/** `on (labels)` vector matching for `and` / `unless` / arithmetic between aggregated vectors. */
export function onLabels(labels: readonly string[]): string {
  return `on (${labels.join(', ')})`;
}
