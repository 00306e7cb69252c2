import { defineConfig } from 'vitest/config';

// Real processes (Collector, Prometheus): generous timeouts, one file at a time on 2 cores.
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
