import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts its own Collector and Prometheus; one at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
