export { isInRollout, rolloutBucket, variantBucket } from './bucketing.js';
export { COMPILED_FLAG_LIMIT } from './compile-flag.js';
export { type EvaluationInputs, evaluateFlag } from './evaluate.js';
export { EvaluationCache, type EvaluationCacheOptions } from './evaluation-cache.js';
export {
  type ConditionTrace,
  type DecisionStep,
  type EvaluationExplanation,
  explainFlag,
  type PrerequisiteTrace,
  type RuleTrace,
} from './explain.js';
export { MATCHES_INPUT_LIMIT } from './operators/compare.js';
export { overrideEntities } from './overrides.js';
export { type FlagsReader, withPrerequisiteFlags } from './prerequisite-flags.js';
export type { FlagLookup } from './prerequisites.js';
export { SegmentIndex } from './segments.js';
