/**
 * What a built chunk asks the host for at run time, and whether Grafana's
 * shared-module map can answer it: a module the plugin neither bundles nor
 * finds in the map (or finds there at another major version) breaks the app
 * page with "Plugin failed to load".
 */
import semver from 'semver';
import type { SharedModule } from './grafana-shared-map';

/** The dependency list of a System.register module: the modules it imports from the host or sibling chunks. */
export function readSystemRegisterDeps(code: string): string[] {
  const list = code.match(/^System\.register\((\[[^\]]*\])/)?.[1];
  if (!list) throw new Error('not a System.register module');
  return JSON.parse(list) as string[];
}

/** The npm package a bare module specifier comes from: `@grafana/ui/unstable` → `@grafana/ui`, `react/jsx-runtime` → `react`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

interface ImportProblem {
  module: string;
  problem: string;
}

/** Caret-compatible in either direction: the same major (the same minor below 1.0). */
function compatible(built: string, served: string): boolean {
  return semver.satisfies(built, `^${served}`) || semver.satisfies(served, `^${built}`);
}

/**
 * Checks each bare import (relative chunk imports are the plugin's own) against
 * the map. `builtAgainst(pkg)` is the version of the package the plugin was
 * compiled against, i.e. the one installed beside it.
 */
export function findImportProblems(
  imports: readonly string[],
  builtAgainst: (pkg: string) => string | undefined,
  map: Readonly<Record<string, SharedModule>>,
): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const module of new Set(imports)) {
    if (module.startsWith('./') || module.startsWith('../')) continue;
    const served = map[module];
    if (!served) {
      problems.push({ module, problem: 'not bundled and not in Grafana’s shared-module map' });
      continue;
    }
    const built = builtAgainst(packageOf(module));
    if (!built) {
      problems.push({ module, problem: `imported but ${packageOf(module)} is not installed` });
    } else if (!compatible(built, served.version)) {
      problems.push({
        module,
        problem: `built against ${packageOf(module)} ${built}, Grafana serves ${served.package} ${served.version}`,
      });
    }
  }
  return problems;
}
