export * from './attributes';
export * from './collector-metrics';
export * from './events';
export * from './grafana';
export * from './label-bounds';
export * from './query-semantics';
export * from './series';
