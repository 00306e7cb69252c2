/** Grafana loads this: a small shell whose pages and config page load on first use. */
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { type ComponentProps, lazy, Suspense } from 'react';
import type AppConfigType from './components/AppConfig';
import type { AppJsonData } from './utils/settings';

const LazyApp = lazy(() => import('./components/App'));
const LazyAppConfig = lazy(() => import('./components/AppConfig'));

function App(props: AppRootProps<AppJsonData>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading Bilan…" />}>
      <LazyApp {...props} />
    </Suspense>
  );
}

function AppConfig(props: ComponentProps<typeof AppConfigType>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
      <LazyAppConfig {...props} />
    </Suspense>
  );
}

export const plugin = new AppPlugin<AppJsonData>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
