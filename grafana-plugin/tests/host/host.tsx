/**
 * A stand-in for Grafana 13.1.1's front end around one app plugin, loaded in a
 * real browser: SystemJS with Grafana's shared-module map, Grafana's services
 * in @grafana/runtime, and an app root that re-renders the plugin's root
 * component on every location change, as `AppRootPage` does
 * (public/app/features/plugins/components/AppRootPage.tsx at v13.1.1).
 * The page's `#host` element names the plugin folder (`data-plugin-base`, where
 * module.js and plugin.json are served). Exposes `window.bilanHost`.
 */
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';
import { type AppPlugin, type AppPluginMeta, PluginContextProvider, PluginType } from '@grafana/data';
import { config, LocationServiceProvider, locationSearchToObject, locationService } from '@grafana/runtime';
import { ErrorWithStack, GlobalStyles, ThemeContext } from '@grafana/ui';
import { initializeI18n } from 'grafana-i18n-internal';
import { Router } from 'grafana-react-router-dom-v5';
import { CompatRouter, Route, Routes, useLocation } from 'grafana-react-router-dom-v5-compat';
import { Component, type ErrorInfo, type ReactNode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { registerDataSources, sentExpressions } from './datasources';
import { inflight, setUpGrafanaServices } from './grafana-services';
import { type Navigation, navigateAndSettle } from './settle';
import { sharedDependenciesMap } from './shared-dependencies';

declare const System: {
  set(id: string, module: unknown): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
};

/** `buildImportMap` (loader/utils.ts): each shared module under a `package:` URL, bare names mapped onto them. */
function registerSharedModules(): void {
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(sharedDependenciesMap)) {
    imports[name] = `package:${name}`;
    System.set(`package:${name}`, module);
  }
  System.addImportMap({ imports });
}

/** What the check reads back: errors caught by the plugin's error boundary, and every scene root seen. */
const seen = { boundaryErrors: [] as string[], sceneRoots: [] as object[], pageScenes: [] as object[] };

/** PluginErrorBoundary: the fallback Grafana shows is "Plugin failed to load" with the error. */
class PluginErrorBoundary extends Component<{ children: ReactNode }, { error?: Error; info?: ErrorInfo }> {
  override state: { error?: Error; info?: ErrorInfo } = {};
  override componentDidCatch(error: Error, info: ErrorInfo) {
    seen.boundaryErrors.push(error.message);
    this.setState({ error, info });
  }
  override render() {
    if (this.state.error) {
      return (
        <ErrorWithStack title="Plugin failed to load" error={this.state.error} errorInfo={this.state.info ?? null} />
      );
    }
    return this.props.children;
  }
}

function AppRootPage({ plugin }: { plugin: AppPlugin }) {
  const location = useLocation();
  const query = useMemo(() => locationSearchToObject(location.search), [location.search]);
  const Root = plugin.root;
  if (!Root) return <div>No root app page component found</div>;
  return (
    <PluginContextProvider meta={plugin.meta}>
      <PluginErrorBoundary>
        <Root
          meta={plugin.meta}
          basename={location.pathname}
          onNavChanged={() => {}}
          query={query}
          path={location.pathname}
        />
      </PluginErrorBoundary>
    </PluginContextProvider>
  );
}

/** The plugin's configuration page, as the plugin details page renders it (`/plugins/<id>`). */
function PluginConfigPage({ plugin }: { plugin: AppPlugin }) {
  const page = plugin.configPages?.[0];
  if (!page) return <div>No configuration page</div>;
  return (
    <PluginErrorBoundary>
      <page.body plugin={plugin} query={{}} />
    </PluginErrorBoundary>
  );
}

/** Every page scene activated: Scenes sets `window.__grafanaSceneContext` to it; its topmost parent is the SceneApp. */
function recordActiveScenes(): void {
  let current: unknown;
  Object.defineProperty(window, '__grafanaSceneContext', {
    configurable: true,
    get: () => current,
    set(scene: { parent?: unknown } | undefined) {
      current = scene;
      if (!scene) return;
      let root: { parent?: unknown } = scene;
      while (root.parent) root = root.parent as { parent?: unknown };
      if (!seen.sceneRoots.includes(root)) seen.sceneRoots.push(root);
      if (!seen.pageScenes.includes(scene)) seen.pageScenes.push(scene);
    },
  });
}

async function boot(): Promise<void> {
  const host = document.getElementById('host');
  const base = host?.dataset.pluginBase;
  if (!host || !base) throw new Error('no #host element with data-plugin-base');
  const moduleUrl = `${base}/module.js`;
  await initializeI18n({ language: 'en-US', ns: ['grafana'] });
  registerSharedModules();
  setUpGrafanaServices();
  registerDataSources('/api/datasources/proxy/uid/prometheus');
  recordActiveScenes();

  const pluginJson = (await (await fetch(`${base}/plugin.json`)).json()) as {
    id: string;
    name: string;
    info: object;
    includes: [];
  };
  const { plugin } = (await System.import(moduleUrl)) as { plugin: AppPlugin };
  // Grafana's plugin settings: the auto-enabled app with the jsonData it was saved with.
  plugin.meta = {
    ...pluginJson,
    type: PluginType.app,
    enabled: true,
    pinned: true,
    module: moduleUrl,
    baseUrl: base,
    jsonData: { prometheusUid: 'prometheus', lokiUid: 'loki', tempoUid: 'tempo' },
  } as unknown as AppPluginMeta;
  plugin.init(plugin.meta);

  createRoot(host).render(
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <Router history={locationService.getHistory()}>
        <LocationServiceProvider service={locationService}>
          <CompatRouter>
            <Routes>
              <Route path={`/a/${plugin.meta.id}/*`} element={<AppRootPage plugin={plugin} />} />
              <Route path={`/plugins/${plugin.meta.id}`} element={<PluginConfigPage plugin={plugin} />} />
            </Routes>
          </CompatRouter>
        </LocationServiceProvider>
      </Router>
    </ThemeContext.Provider>,
  );
  Object.assign(window, {
    bilanHost: {
      push: (url: string) => locationService.push(url),
      navigateAndSettle: (navigate: Navigation) =>
        navigateAndSettle(
          navigate,
          (n) => {
            if (n.push) locationService.push(n.push);
            if (n.partial) locationService.partial(n.partial);
          },
          () => ({ ...inflight }),
          sentExpressions,
          () => seen.boundaryErrors[0],
        ),
      seen: () => ({
        boundaryErrors: [...seen.boundaryErrors],
        sceneRoots: seen.sceneRoots.length,
        pageScenes: seen.pageScenes.length,
      }),
    },
  });
}

boot().catch((error: unknown) => {
  console.error('host boot failed', error);
  Object.assign(window, { bilanHostError: String(error instanceof Error ? (error.stack ?? error.message) : error) });
});
