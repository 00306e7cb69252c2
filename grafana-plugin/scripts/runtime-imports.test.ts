import { describe, expect, it } from 'vitest';
import { GRAFANA_SHARED_MAP } from './grafana-shared-map';
import { findImportProblems, packageOf, readSystemRegisterDeps } from './runtime-imports';

describe('readSystemRegisterDeps', () => {
  it('reads the dependency list of a System.register module', () => {
    expect(readSystemRegisterDeps('System.register(["react","./App.abc.js"],(function(e){}))')).toEqual([
      'react',
      './App.abc.js',
    ]);
    expect(readSystemRegisterDeps('System.register([],function(){})')).toEqual([]);
  });

  it('refuses another module format', () => {
    expect(() => readSystemRegisterDeps('define(["react"],function(){})')).toThrow('not a System.register module');
  });
});

describe('packageOf', () => {
  it('keeps the scope and drops the subpath', () => {
    expect(packageOf('@grafana/ui/unstable')).toBe('@grafana/ui');
    expect(packageOf('react/jsx-runtime')).toBe('react');
    expect(packageOf('rxjs')).toBe('rxjs');
  });
});

describe('findImportProblems against Grafana 13.1.1', () => {
  const installed: Record<string, string> = {
    react: '18.3.1',
    'react-router': '6.30.6',
    'react-router-dom': '6.30.6',
    '@grafana/ui': '13.1.1',
    rxjs: '7.8.2',
  };
  const check = (imports: string[]) => findImportProblems(imports, (p) => installed[p], GRAFANA_SHARED_MAP);

  it('accepts shared modules at a compatible version and the plugin’s own chunks', () => {
    expect(check(['react', 'react/jsx-runtime', '@grafana/ui', 'react-router', 'rxjs', './App.x.js'])).toEqual([]);
  });

  it('rejects react-router-dom v6 left external: Grafana serves v5.3.4 under that name', () => {
    expect(check(['react-router-dom'])).toEqual([
      {
        module: 'react-router-dom',
        problem: 'built against react-router-dom 6.30.6, Grafana serves react-router-dom 5.3.4',
      },
    ]);
  });

  it('rejects a module Grafana does not share', () => {
    expect(check(['@grafana/scenes'])).toEqual([
      { module: '@grafana/scenes', problem: 'not bundled and not in Grafana’s shared-module map' },
    ]);
  });

  it('rejects a React major Grafana 13.1.1 does not run', () => {
    const problems = findImportProblems(['react'], () => '19.1.0', GRAFANA_SHARED_MAP);
    expect(problems.map((p) => p.module)).toEqual(['react']);
  });
});
