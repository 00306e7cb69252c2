export * from './alertmanager';
export * from './chromium';
export * from './collector';
export { type Random, seededRandom } from './demo/fake-model';
export * from './otlp-sink';
export * from './pipeline';
export * from './process';
export * from './prometheus';
export * from './workload';
