import type { EvaluationContext, EvaluationDetails } from '../models/context.js';
import type { FlagStatus } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import type { FlagOverride, OverrideEntity } from '../models/override.js';
import { murmur3 } from '../util/murmur3.js';
import { compileAttributeReader } from './attributes.js';
import { compileFlag, isInvalidFlag } from './compile-flag.js';
import { type EvaluationInputs, evaluateFlag } from './evaluate.js';
import { overrideEntities, pickOverride } from './overrides.js';
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
  /** The rollout check, when the rule has a percentage: the context's bucket (1–100) against it. */
  rollout: { percentage: number; bucket: number | null; inRollout: boolean } | null;
  /** This rule served the value. */
  selected: boolean;
}

/** Where an evaluation was decided. */
export type DecisionStep = 'error' | 'status' | 'override' | 'schedule' | 'rule' | 'variant' | 'default';

/** The decision path of one evaluation, for people: what `flags eval --explain` prints. */
export interface EvaluationExplanation<T = JsonValue> {
  /** Exactly what {@link evaluateFlag} returns for the same inputs. */
  details: EvaluationDetails<T>;
  decidedBy: DecisionStep;
  status: FlagStatus | null;
  /** The entities probed for overrides, in order, and the override found (if any). */
  overrides: { probed: OverrideEntity[]; matched: FlagOverride | null };
  /** The flag's time schedules at the evaluation time; `gate` is false when they switch the flag off. */
  schedules: { name: string; enabled: boolean; active: boolean | null }[];
  scheduleGate: boolean;
  rules: RuleTrace[];
  /** The variant split: the context's bucket (0–99) and the variant it lands on. */
  variant: { bucket: number; key: string } | null;
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
  const at = context.timestamp instanceof Date ? context.timestamp : new Date();
  explanation.overrides.matched = pickOverride(inputs.overrides ?? [], compiled.id, context, at.getTime()) ?? null;
  explanation.schedules = scheduleTraces(flag, at);
  const enabledSchedules = explanation.schedules.filter((s) => s.enabled);
  explanation.scheduleGate = enabledSchedules.length === 0 || enabledSchedules.some((s) => s.active === true);

  const given = inputs.segments ?? [];
  const segments =
    given instanceof SegmentIndex ? given : inputs.cache ? inputs.cache.segmentIndex(given) : SegmentIndex.of(given);
  const targetingKey = context.targetingKey;
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
      const bucket =
        targetingKey === undefined || targetingKey === null
          ? null
          : (murmur3(compiled.rolloutPrefix + targetingKey) % 100) + 1;
      const inRollout =
        bucket !== null &&
        rule.rolloutPercentage > 0 &&
        (rule.rolloutPercentage >= 100 || bucket <= rule.rolloutPercentage);
      rollout = { percentage: rule.rolloutPercentage, bucket, inRollout };
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
    const bucket = murmur3(compiled.variantPrefix + (targetingKey ?? '')) % 100;
    const variant = compiled.variantByBucket[bucket] ?? compiled.variantByBucket[compiled.variantByBucket.length - 1];
    if (variant !== undefined) explanation.variant = { bucket, key: variant.key };
  }
  return explanation;
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
    default:
      return 'default';
  }
}
