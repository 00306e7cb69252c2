import { version } from '../package.json';

/** The instrumentation scope of every span and event the SDK writes. */
export const SDK_NAME = '@bilan/sdk';
export const SDK_VERSION: string = version;
