import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // @grafana/data imports CommonJS named exports that only Vite's transform can load.
    server: { deps: { inline: [/@grafana\/data/] } },
  },
});
