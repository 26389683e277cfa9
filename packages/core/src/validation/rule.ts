import * as v from 'valibot';
import type { FlagRule, FlagVariant } from '../models/flag.js';
import type { FlagRuleInput, FlagVariantInput } from '../models/inputs.js';
import { LIMITS } from '../models/limits.js';
import { generateId } from '../util/ids.js';
import { conditionSchema } from './condition.js';
import { parseModel } from './issues.js';
import { jsonObjectSchema, jsonValueSchema } from './json.js';
import {
  booleanWithDefault,
  intInRange,
  listOf,
  model,
  nonEmptyString,
  nullablePercentage,
  nullableString,
  optionalId,
} from './primitives.js';

/** An optional non-empty name (`bucketBy`, `defaultVariant`); `null` counts as absent. */
export const optionalName = v.nullish(nonEmptyString);

/** Schema of a rule before its position-dependent defaults (`name`, `priority`) are filled. */
export const ruleSchema = model({
  id: optionalId,
  name: v.optional(nonEmptyString),
  description: nullableString,
  priority: v.optional(intInRange(LIMITS.minInteger, LIMITS.maxInteger)),
  enabled: booleanWithDefault(true),
  conditions: v.optional(listOf(conditionSchema, LIMITS.maxConditions, 'conditions'), () => []),
  serveEnabled: booleanWithDefault(true),
  serveValue: jsonValueSchema,
  rolloutPercentage: nullablePercentage,
  bucketBy: optionalName,
});

/** Sets `target[key]` only when `value` is given: absent optional fields stay absent, never `undefined`. */
export function withOptional<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | null | undefined,
): void {
  if (value !== undefined && value !== null) target[key] = value;
}

/** Fills a parsed rule's defaults; `position` is its index in the flag's `rules`. */
export function finishRule(rule: v.InferOutput<typeof ruleSchema>, position: number): FlagRule {
  const finished: FlagRule = {
    id: rule.id ?? generateId(),
    name: rule.name ?? `rule-${position + 1}`,
    description: rule.description,
    priority: rule.priority ?? position,
    enabled: rule.enabled,
    conditions: rule.conditions,
    serveEnabled: rule.serveEnabled,
    serveValue: rule.serveValue,
    rolloutPercentage: rule.rolloutPercentage,
  };
  withOptional(finished, 'bucketBy', rule.bucketBy);
  return finished;
}

/** Schema of a variant before its id is generated. */
export const variantSchema = v.pipe(
  model({
    id: optionalId,
    key: nonEmptyString,
    name: v.optional(nonEmptyString),
    description: nullableString,
    value: jsonObjectSchema,
    weight: v.pipe(
      v.number(),
      v.check(
        (n) => Number.isInteger(n) && n >= 0 && n <= 100,
        (issue) => `must be an integer from 0 to 100, got ${String(issue.input)}`,
      ),
    ),
  }),
  v.transform(
    (variant): FlagVariant => ({
      id: variant.id ?? generateId(),
      key: variant.key,
      name: variant.name ?? variant.key,
      description: variant.description,
      value: variant.value,
      weight: variant.weight,
    }),
  ),
);

/**
 * Validates a rule and returns a new, fully defaulted {@link FlagRule} sharing nothing with `input`.
 * Checks that need the flag (a `serveValue` matching `flagType`) run in {@link createFlag}.
 * @param position the rule's index in its flag, for the defaults of `name` and `priority`. @default 0
 * @throws ValidationError naming each broken field, e.g. `conditions[0].operator: unknown operator "equals"`.
 */
export function createRule(input: FlagRuleInput, position = 0): FlagRule {
  return finishRule(parseModel(ruleSchema, input, 'rule'), position);
}

/**
 * Validates a variant and returns a new, fully defaulted {@link FlagVariant} sharing nothing with `input`.
 * @throws ValidationError e.g. `weight: must be an integer from 0 to 100, got 150`.
 */
export function createVariant(input: FlagVariantInput): FlagVariant {
  return parseModel(variantSchema, input, 'variant');
}
