export { type Bilan, type BilanOptions, createBilan } from './bilan';
export { classifyError, TurnTimeoutError } from './errors';
export { type BilanEvents, MAX_PAGE_LOAD_SECONDS, type Pipeline, type VoteOptions } from './events';
export { LIMITS } from './limits';
export { type PrivacyLevel, type PrivacyOptions, redact } from './privacy';
export { SDK_NAME, SDK_VERSION } from './sdk-info';
export { parseTraceparent, type TurnRef } from './turn-ref';
export type { TrackTurn, TurnOptions, TurnUsage } from './turns';
