import { describe, expect, it } from 'vitest';
import { publishedManifest } from './package-layout';

const workspace = {
  name: '@bilan/sdk',
  version: '1.2.3',
  private: true,
  type: 'module',
  main: 'src/index.ts',
  types: 'src/index.ts',
  exports: { '.': './src/index.ts' },
  scripts: { test: 'vitest run' },
  dependencies: { '@opentelemetry/sdk-logs': '^3.1.0' },
  peerDependencies: { '@opentelemetry/api': '^1.10.0' },
  devDependencies: { '@bilan/contract': '*' },
  publishConfig: { access: 'public', main: './lib/index.cjs', exports: { '.': './lib/index.js' } },
};

describe('publishedManifest', () => {
  it('drops the workspace-only fields and lifts the entry points out of publishConfig', () => {
    expect(publishedManifest(workspace)).toEqual({
      name: '@bilan/sdk',
      version: '1.2.3',
      type: 'module',
      dependencies: { '@opentelemetry/sdk-logs': '^3.1.0' },
      peerDependencies: { '@opentelemetry/api': '^1.10.0' },
      main: './lib/index.cjs',
      exports: { '.': './lib/index.js' },
      publishConfig: { access: 'public' },
    });
  });

  describe('a dependency on another package of the same scope', () => {
    it('is an error naming it', () => {
      expect(() =>
        publishedManifest({ ...workspace, dependencies: { '@bilan/contract': '*', '@opentelemetry/api': '1' } }),
      ).toThrow('@bilan/sdk would depend on unpublished @bilan/contract: bundle it instead');
    });
    it('is an error as a peer dependency too', () => {
      expect(() => publishedManifest({ ...workspace, peerDependencies: { '@bilan/stack': '*' } })).toThrow(
        '@bilan/stack',
      );
    });
  });

  it('leaves publishConfig out when it only held entry points', () => {
    expect(publishedManifest({ name: 'x', publishConfig: { main: './a.js' } })).toEqual({
      name: 'x',
      main: './a.js',
      publishConfig: undefined,
    });
  });
});
