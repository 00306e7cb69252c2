import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // jsdom cannot fetch icon files; render a bare <svg> instead of nothing.
      { find: /^react-inlinesvg$/, replacement: here('./tests/inline-svg.tsx') },
      // uwrap ships only a `module` field, which Node's resolver ignores.
      { find: /^uwrap$/, replacement: here('../node_modules/uwrap/dist/uWrap.mjs') },
    ],
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./tests/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'tests/**/*.test.{ts,tsx}'],
    // @grafana packages import CSS and CommonJS named exports that only a transform can load.
    server: { deps: { inline: [/@grafana\//] } },
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
});
