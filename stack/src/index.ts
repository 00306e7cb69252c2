export * from './alertmanager';
export * from './chromium';
export * from './collector';
export * from './otlp-sink';
export * from './pipeline';
export * from './process';
export * from './prometheus';
export * from './workload';
