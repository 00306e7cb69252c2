/** A Prometheus query of a panel: PromQL plus how Grafana should run it. */
export interface PromQuery {
  readonly expr: string;
  readonly legendFormat?: string;
  /** Instant query (one value per series at the range's end) instead of a range. */
  readonly instant?: boolean;
  /** Grafana's "Min step": the step (and `$__interval`) never goes below it; set to a roll-up's period. */
  readonly minStep?: string;
  /** Grafana's "Max data points" for the panel: with the range, it sets the step (`$__interval`). */
  readonly maxDataPoints?: number;
}

/** A Loki query of a panel. */
export interface LokiQuery {
  readonly expr: string;
  readonly legendFormat?: string;
  readonly instant?: boolean;
}

/** A Tempo TraceQL search of a panel. */
export interface TempoQuery {
  readonly query: string;
  readonly limit?: number;
}
