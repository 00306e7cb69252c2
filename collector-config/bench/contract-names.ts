import {
  ATTR,
  CONVERSATION_OUTCOME,
  EVALUATION_NAME,
  EVENT,
  RATING,
  RESOURCE_ATTR,
  TURN_ERROR_TYPE,
} from '@bilan/contract';

/**
 * The contract names the k6 script needs. k6 runs plain JavaScript and cannot import our
 * TypeScript contract, so the runner writes this object to a JSON file that the script
 * `open()`s: the names still have one source of truth.
 */
export function benchContractNames() {
  return {
    attr: ATTR,
    resource: RESOURCE_ATTR,
    event: EVENT,
    evaluationName: EVALUATION_NAME,
    /** `positive` first, then `negative`. */
    ratings: RATING,
    conversationOutcomes: CONVERSATION_OUTCOME,
    turnErrorTypes: TURN_ERROR_TYPE,
  };
}
