import { z } from 'zod';
import type { FlagRule, FlagVariant } from '../models/flag.js';
import type { FlagRuleInput, FlagVariantInput } from '../models/inputs.js';
import { generateId } from '../util/ids.js';
import { conditionSchema } from './condition.js';
import { parseModel } from './issues.js';
import { jsonObjectSchema, jsonValueSchema } from './json.js';
import { booleanWithDefault, nonEmptyString, nullablePercentage, nullableString, optionalId } from './primitives.js';

/** Schema of a rule before its position-dependent defaults (`name`, `priority`) are filled. */
export const ruleSchema = z.object({
  id: optionalId,
  name: nonEmptyString.optional(),
  description: nullableString,
  priority: z
    .number()
    .refine(Number.isSafeInteger, { error: (issue) => `must be an integer, got ${String(issue.input)}` })
    .optional(),
  enabled: booleanWithDefault(true),
  conditions: z
    .array(conditionSchema)
    .optional()
    .transform((v) => v ?? []),
  serveEnabled: booleanWithDefault(true),
  serveValue: jsonValueSchema,
  rolloutPercentage: nullablePercentage,
});

/** Fills a parsed rule's defaults; `position` is its index in the flag's `rules`. */
export function finishRule(rule: z.output<typeof ruleSchema>, position: number): FlagRule {
  return {
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
}

/** Schema of a variant before its id is generated. */
export const variantSchema = z
  .object({
    id: optionalId,
    key: nonEmptyString,
    name: nonEmptyString.optional(),
    description: nullableString,
    value: jsonObjectSchema,
    weight: z.number().refine((n) => Number.isInteger(n) && n >= 0 && n <= 100, {
      error: (issue) => `must be an integer from 0 to 100, got ${String(issue.input)}`,
    }),
  })
  .transform(
    (v): FlagVariant => ({
      id: v.id ?? generateId(),
      key: v.key,
      name: v.name ?? v.key,
      description: v.description,
      value: v.value,
      weight: v.weight,
    }),
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
