/**
 * `i18next` as a webpack-built plugin sees it in Grafana. Grafana ≥ 12.1 shares
 * its i18next *instance* as the module (`sharedDependencies.ts`: `i18next` →
 * `getI18nInstance()`), so the module has no `default` export. webpack's
 * interop hands a default import the whole module in that case; a
 * System.register build reads `default` strictly and gets undefined, and the
 * first translated string on a page throws. This module gives the bundled
 * @grafana/i18n and react-i18next the instance either way.
 */
import * as shared from 'i18next';

type I18n = typeof import('i18next').default;
const module = shared as unknown as Partial<typeof shared> & { default?: I18n };

export default (module.default ?? module) as I18n;
export const keyFromSelector = module.keyFromSelector;
