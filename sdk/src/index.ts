export {
  type Bilan,
  type BilanOptions,
  createBilan,
  MAX_PAGE_LOAD_SECONDS,
  type Pipeline,
  SDK_NAME,
  SDK_VERSION,
  type TurnOptions,
  type TurnUsage,
  type VoteOptions,
} from './bilan';
export { classifyError, TurnTimeoutError } from './errors';
export { LIMITS } from './limits';
export { type PrivacyLevel, type PrivacyOptions, redact } from './privacy';
export { parseTraceparent, type TurnRef } from './turn-ref';
