export * from './attributes';
export * from './events';
export * from './grafana';
export * from './series';
