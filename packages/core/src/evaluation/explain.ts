import type { EvaluationContext, EvaluationDetails } from '../models/context.js';
import type { FlagStatus } from '../models/enums.js';
import type { FeatureFlag, FlagPrerequisite } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import type { FlagOverride, OverrideEntity } from '../models/override.js';
import { compileAttributeReader } from './attributes.js';
import { compileBucketKey, DEFAULT_BUCKET_BY } from './bucket-key.js';
import { bucketOf } from './bucketing.js';
import { compileFlag, isInvalidFlag } from './compile-flag.js';
import { type EvaluationInputs, evaluateFlag } from './evaluate.js';
import { overrideEntities, pickOverride } from './overrides.js';
import { unmet } from './prerequisites.js';
import { SegmentIndex } from './segments.js';
import { isTimeScheduleActive } from './time-schedule.js';

/** One condition of a rule, with the context's value and whether it held. */
export interface ConditionTrace {
  attribute: string;
  operator: string;
  expected: JsonValue;
  /** The value the context gave the attribute (`undefined` when it has none). */
  actual: unknown;
  passed: boolean;
}

/** One rule, in the order the engine tries them. */
export interface RuleTrace {
  name: string;
  priority: number;
  enabled: boolean;
  /** Each condition, all evaluated (the engine stops at the first that fails; this shows them all). */
  conditions: ConditionTrace[];
  /** Whether every condition held. */
  conditionsPassed: boolean;
  /**
   * The rollout check, when the rule has a percentage: what it buckets by, the context's value for it
   * (`null` when it has none: never in the rollout), and its bucket (1–100) against the percentage.
   */
  rollout: {
    percentage: number;
    bucketBy: string;
    bucketValue: string | null;
    bucket: number | null;
    inRollout: boolean;
  } | null;
  /** This rule served the value. */
  selected: boolean;
}

/** One prerequisite: what it requires, what the prerequisite flag served this context, and whether that meets it. */
export interface PrerequisiteTrace {
  flagKey: string;
  required: FlagPrerequisite;
  /** The prerequisite's own evaluation (`null` when no such flag was found). */
  served: { value: JsonValue; variant: string | undefined; reason: string } | null;
  met: boolean;
  /** Why it is not met. */
  problem: string | null;
}

/** Where an evaluation was decided. */
export type DecisionStep =
  | 'error'
  | 'status'
  | 'prerequisite'
  | 'override'
  | 'schedule'
  | 'rule'
  | 'variant'
  | 'default';

/** The decision path of one evaluation, for people: what `flags eval --explain` prints. */
export interface EvaluationExplanation<T = JsonValue> {
  /** Exactly what {@link evaluateFlag} returns for the same inputs. */
  details: EvaluationDetails<T>;
  decidedBy: DecisionStep;
  status: FlagStatus | null;
  /** Each prerequisite, in order (all evaluated, even after one failed). */
  prerequisites: PrerequisiteTrace[];
  /** The entities probed for overrides, in order, and the override found (if any). */
  overrides: { probed: OverrideEntity[]; matched: FlagOverride | null };
  /** The flag's time schedules at the evaluation time; `gate` is false when they switch the flag off. */
  schedules: { name: string; enabled: boolean; active: boolean | null }[];
  scheduleGate: boolean;
  rules: RuleTrace[];
  /**
   * The variant split: what it buckets by, the context's value (`null`: none, so `""` was hashed),
   * its bucket (0–99) and the variant it lands on.
   */
  variant: { bucketBy: string; bucketValue: string | null; bucket: number; key: string } | null;
}

function scheduleTraces(flag: FeatureFlag, at: Date): EvaluationExplanation['schedules'] {
  const schedules = Array.isArray(flag.timeSchedules) ? flag.timeSchedules : [];
  return schedules.map((schedule) => {
    let active: boolean | null = null;
    if (schedule.enabled === true) {
      try {
        active = isTimeScheduleActive(schedule, at);
      } catch {
        active = null;
      }
    }
    return { name: schedule.name, enabled: schedule.enabled === true, active };
  });
}

/**
 * The decision path of {@link evaluateFlag} for one context: status, the overrides probed, the time
 * schedules, every rule (each condition's outcome, the rollout bucket against the percentage) and the
 * variant bucket. It reuses the flag's compiled form and leaves the evaluation path untouched; its
 * `details` is the engine's own answer. Slower than an evaluation (it tries everything): for
 * support and debugging, not for serving.
 */
export function explainFlag<T = JsonValue>(
  flag: FeatureFlag | null | undefined,
  context: EvaluationContext,
  inputs: EvaluationInputs<T>,
): EvaluationExplanation<T> {
  const details = evaluateFlag(flag, context, inputs);
  const probed = overrideEntities(context);
  const explanation: EvaluationExplanation<T> = {
    details,
    decidedBy: decidedBy(details.reason),
    status: flag?.status ?? null,
    prerequisites: [],
    overrides: { probed, matched: null },
    schedules: [],
    scheduleGate: true,
    rules: [],
    variant: null,
  };
  if (explanation.decidedBy === 'status' && flag?.status === 'active') explanation.decidedBy = 'schedule';
  if (flag === null || flag === undefined) return explanation;
  const compiled = compileFlag(flag, inputs.cache);
  if (isInvalidFlag(compiled)) return explanation;
  explanation.prerequisites = prerequisiteTraces(compiled.prerequisites, context, inputs);
  const at = context.timestamp instanceof Date ? context.timestamp : new Date();
  explanation.overrides.matched = pickOverride(inputs.overrides ?? [], compiled.id, context, at.getTime()) ?? null;
  explanation.schedules = scheduleTraces(flag, at);
  const enabledSchedules = explanation.schedules.filter((s) => s.enabled);
  explanation.scheduleGate = enabledSchedules.length === 0 || enabledSchedules.some((s) => s.active === true);

  const given = inputs.segments ?? [];
  const segments =
    given instanceof SegmentIndex ? given : inputs.cache ? inputs.cache.segmentIndex(given) : SegmentIndex.of(given);
  let selectedOne = details.reason !== 'TARGETING_MATCH';
  const byPosition = new Map(compiled.rules.map((rule) => [rule.position, rule]));
  const order = [...compiled.rules.map((rule) => rule.position)];
  // Disabled rules are listed too (after the enabled ones, in stored order), marked as skipped.
  flag.rules.forEach((_, position) => {
    if (!byPosition.has(position)) order.push(position);
  });
  for (const position of order) {
    const rule = flag.rules[position];
    if (rule === undefined) continue;
    const compiledRule = byPosition.get(position);
    const conditions = rule.conditions.map(
      (condition, i): ConditionTrace => ({
        attribute: condition.attribute,
        operator: condition.operator,
        expected: condition.value,
        actual: compileAttributeReader(condition.attribute)(context),
        passed: compiledRule?.tests[i]?.(context, segments) ?? false,
      }),
    );
    const conditionsPassed = conditions.every((c) => c.passed);
    let rollout: RuleTrace['rollout'] = null;
    if (rule.rolloutPercentage !== null) {
      const bucketKey = compileBucketKey(rule.bucketBy);
      const bucketValue = bucketKey(context) ?? null;
      const bucket = bucketValue === null ? null : bucketOf(compiled.rolloutPrefix, bucketValue) + 1;
      const inRollout =
        bucket !== null &&
        rule.rolloutPercentage > 0 &&
        (rule.rolloutPercentage >= 100 || bucket <= rule.rolloutPercentage);
      const bucketBy = rule.bucketBy ?? DEFAULT_BUCKET_BY;
      rollout = { percentage: rule.rolloutPercentage, bucketBy, bucketValue, bucket, inRollout };
    }
    const qualifies = compiledRule !== undefined && conditionsPassed && (rollout === null || rollout.inRollout);
    const selected = !selectedOne && qualifies;
    if (selected) selectedOne = true;
    explanation.rules.push({
      name: rule.name,
      priority: rule.priority,
      enabled: rule.enabled,
      conditions,
      conditionsPassed,
      rollout,
      selected,
    });
  }
  if (compiled.variantByBucket.length > 0) {
    const bucketValue = compiled.variantBucketKey(context) ?? null;
    const bucket = bucketOf(compiled.variantPrefix, bucketValue ?? '');
    const variant = compiled.variantByBucket[bucket] ?? compiled.variantByBucket[compiled.variantByBucket.length - 1];
    if (variant !== undefined)
      explanation.variant = { bucketBy: compiled.variantBucketBy, bucketValue, bucket, key: variant.key };
  }
  return explanation;
}

function prerequisiteTraces<T>(
  prerequisites: readonly FlagPrerequisite[],
  context: EvaluationContext,
  inputs: EvaluationInputs<T>,
): PrerequisiteTrace[] {
  return prerequisites.map((required) => {
    const flag = inputs.prerequisites?.(required.flagKey);
    if (flag === null || flag === undefined) {
      const problem = `prerequisite "${required.flagKey}" not found`;
      return { flagKey: required.flagKey, required, served: null, met: false, problem };
    }
    const details = evaluateFlag<JsonValue>(flag, context, {
      defaultValue: null,
      type: null,
      flagKey: required.flagKey,
      overrides: inputs.overrides,
      segments: inputs.segments,
      cache: inputs.cache,
      prerequisites: inputs.prerequisites,
    });
    const problem = unmet(required, details, flag.flagType === 'boolean') ?? null;
    const served = { value: details.value, variant: details.variant, reason: details.reason };
    return { flagKey: required.flagKey, required, served, met: problem === null, problem };
  });
}

function decidedBy(reason: EvaluationDetails<unknown>['reason']): DecisionStep {
  switch (reason) {
    case 'ERROR':
      return 'error';
    case 'OVERRIDE':
      return 'override';
    case 'TARGETING_MATCH':
      return 'rule';
    case 'SPLIT':
      return 'variant';
    case 'DISABLED':
      return 'status';
    case 'PREREQUISITE_FAILED':
      return 'prerequisite';
    default:
      return 'default';
  }
}
