import {
  ATTR_FEATURE,
  ATTR_JOURNEY_NAME,
  ATTR_JOURNEY_STEP,
  ATTR_PROMPT_VERSION,
  ATTR_REQUEST_MODEL,
  RESOURCE_ATTR_ENVIRONMENT,
  RESOURCE_ATTR_SERVICE_NAME,
} from './attributes';
import { LABEL } from './series';

/**
 * How the Collector bounds a label whose values the producer chooses: where the value comes from,
 * how long it may be, and the allowlist an operator may set. A value that is not a string, is
 * longer, holds a character outside `LABEL_VALUE_CHARACTERS` or misses the allowlist becomes
 * `other`; an absent one becomes `none`. The Collector's label statements are rendered from this.
 */
export interface LabelBound {
  /** The label (a `LABEL` value). */
  readonly label: string;
  /** The attribute its value is read from. */
  readonly attribute: string;
  /** The attribute is the resource's (the app's), not the span's or the event's. */
  readonly fromResource: boolean;
  /** Longest value kept. */
  readonly maxLength: number;
  /** Environment variable of the Collector holding the RE2 allowlist (empty: any value of the right shape). */
  readonly allowlistVariable: string;
  /** Also a label of the turn series (spans); every bounded label is one of the event series. */
  readonly onTurns: boolean;
}

/** Characters a bounded label's value may hold, as an RE2 character-class body. */
export const LABEL_VALUE_CHARACTERS = 'A-Za-z0-9_.:/@-';

export const LABEL_BOUNDS: readonly LabelBound[] = [
  {
    label: LABEL.serviceName,
    attribute: RESOURCE_ATTR_SERVICE_NAME,
    fromResource: true,
    maxLength: 64,
    allowlistVariable: 'BILAN_SERVICE_ALLOWLIST',
    onTurns: true,
  },
  {
    label: LABEL.environment,
    attribute: RESOURCE_ATTR_ENVIRONMENT,
    fromResource: true,
    maxLength: 32,
    allowlistVariable: 'BILAN_ENVIRONMENT_ALLOWLIST',
    onTurns: true,
  },
  {
    label: LABEL.feature,
    attribute: ATTR_FEATURE,
    fromResource: false,
    maxLength: 64,
    allowlistVariable: 'BILAN_FEATURE_ALLOWLIST',
    onTurns: true,
  },
  {
    label: LABEL.model,
    attribute: ATTR_REQUEST_MODEL,
    fromResource: false,
    maxLength: 64,
    allowlistVariable: 'BILAN_MODEL_ALLOWLIST',
    onTurns: true,
  },
  {
    label: LABEL.promptVersion,
    attribute: ATTR_PROMPT_VERSION,
    fromResource: false,
    maxLength: 32,
    allowlistVariable: 'BILAN_PROMPT_VERSION_ALLOWLIST',
    onTurns: false,
  },
  {
    label: LABEL.journey,
    attribute: ATTR_JOURNEY_NAME,
    fromResource: false,
    maxLength: 64,
    allowlistVariable: 'BILAN_JOURNEY_ALLOWLIST',
    onTurns: false,
  },
  {
    label: LABEL.step,
    attribute: ATTR_JOURNEY_STEP,
    fromResource: false,
    maxLength: 64,
    allowlistVariable: 'BILAN_JOURNEY_ALLOWLIST',
    onTurns: false,
  },
];
