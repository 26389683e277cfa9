import { evaluateFlag } from '../../src/evaluation/index.js';
import type {
  ConditionInput,
  EvaluationContext,
  FeatureFlag,
  FeatureFlagInput,
  Segment,
  SegmentInput,
  TimeSchedule,
  TimeScheduleInput,
} from '../../src/models/index.js';
import { createFlag, createSegment, createTimeSchedule } from '../../src/validation/index.js';

let keys = 0;

/** A validated flag (fresh id, so the compile cache never mixes tests up); key `flag-<n>` unless given. */
export function makeFlag(input: Partial<FeatureFlagInput> = {}): FeatureFlag {
  keys++;
  return createFlag({ key: `flag-${keys}`, ...input });
}

/** A validated segment. */
export function makeSegment(input: SegmentInput): Segment {
  return createSegment(input);
}

/** A validated time schedule of `flag`. */
export function makeSchedule(flag: FeatureFlag, input: Omit<TimeScheduleInput, 'flagId'>): TimeSchedule {
  return createTimeSchedule({ flagId: flag.id, ...input });
}

/**
 * Whether `condition` holds for `context`: it is the only condition of the only rule of a boolean
 * flag, so the evaluation is TARGETING_MATCH exactly when it holds. Throws on any other reason
 * (a test asking about an operand validation rejects is wrong).
 */
export function holds(condition: ConditionInput, context: EvaluationContext, segments: Segment[] = []): boolean {
  const flag = makeFlag({ rules: [{ name: 'only', conditions: [condition], serveEnabled: true }] });
  const details = evaluateFlag(flag, context, { type: 'boolean', defaultValue: false, segments });
  if (details.reason !== 'TARGETING_MATCH' && details.reason !== 'DEFAULT') {
    throw new Error(`unexpected ${details.reason} ${details.errorMessage ?? ''}`);
  }
  return details.reason === 'TARGETING_MATCH';
}
