import * as v from 'valibot';
import { FLAG_STATUSES, FLAG_TYPES } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { FeatureFlagInput } from '../models/inputs.js';
import { LIMITS } from '../models/limits.js';
import { generateId } from '../util/ids.js';
import { checkFlag } from './flag-checks.js';
import { parseModel, show } from './issues.js';
import { jsonObjectSchema, jsonValueSchema } from './json.js';
import {
  crossFieldCheck,
  listOf,
  model,
  nonEmptyString,
  nullableString,
  oneOf,
  optionalDate,
  optionalId,
  textUpTo,
  versionSchema,
} from './primitives.js';
import { finishRule, ruleSchema, variantSchema } from './rule.js';

/** What a flag key looks like: a letter, then up to 254 letters, digits or `_ . : -`. */
export const FLAG_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,254}$/;

const flagSchema = v.pipe(
  model({
    id: optionalId,
    key: v.pipe(
      v.string(),
      v.check(
        (key) => FLAG_KEY_PATTERN.test(key),
        (issue) =>
          `must match ^[A-Za-z][A-Za-z0-9_.:-]{0,254}$ (a letter, then up to 254 letters, digits or _ . : -), got ${show(issue.input)}`,
      ),
    ),
    name: v.optional(nonEmptyString),
    description: nullableString,
    flagType: v.optional(oneOf(FLAG_TYPES), 'boolean'),
    status: v.optional(oneOf(FLAG_STATUSES), 'active'),
    defaultEnabled: v.optional(v.boolean(), false),
    defaultValue: jsonValueSchema,
    tags: v.optional(v.array(textUpTo(LIMITS.maxTextLength)), () => []),
    metadata: jsonObjectSchema,
    rules: v.optional(listOf(ruleSchema, LIMITS.maxRules, 'rules'), () => []),
    variants: v.optional(listOf(variantSchema, LIMITS.maxVariants, 'variants'), () => []),
    version: versionSchema,
    createdAt: optionalDate,
    updatedAt: optionalDate,
  }),
  crossFieldCheck(checkFlag),
  v.transform((f): FeatureFlag => {
    const now = Date.now();
    return {
      id: f.id ?? generateId(),
      key: f.key,
      name: f.name ?? f.key,
      description: f.description,
      flagType: f.flagType,
      status: f.status,
      defaultEnabled: f.defaultEnabled,
      defaultValue: f.defaultValue,
      tags: f.tags,
      metadata: f.metadata,
      rules: f.rules.map(finishRule),
      variants: f.variants,
      timeSchedules: [],
      version: f.version,
      createdAt: f.createdAt ?? new Date(now),
      updatedAt: f.updatedAt ?? new Date(now),
    };
  }),
);

/**
 * Validates a flag and returns a new, fully defaulted {@link FeatureFlag} that shares no reference with
 * `input` (rules, variants, JSON values and Dates are copied). Generates a UUID v7 `id` (and rule and
 * variant ids) when absent; keeps a given `version`/`createdAt`/`updatedAt` (defaults 1 / now / now);
 * sets `timeSchedules` to `[]` (they are written through the time-schedule methods).
 * @throws ValidationError listing every broken rule with its path, e.g.
 *   `rules[2].conditions[0].operator: unknown operator "equals"`.
 */
export function createFlag(input: FeatureFlagInput): FeatureFlag {
  return parseModel(flagSchema, input, 'flag');
}
