import * as v from 'valibot';
import { FLAG_STATUSES, FLAG_TYPES } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { FeatureFlagInput } from '../models/inputs.js';
import { LIMITS } from '../models/limits.js';
import { generateId } from '../util/ids.js';
import { checkFlag } from './flag-checks.js';
import { parseModel } from './issues.js';
import { jsonObjectSchema, jsonValueSchema } from './json.js';
import { flagKeySchema, prerequisiteSchema } from './prerequisite.js';
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
import { finishRule, optionalName, ruleSchema, variantSchema, withOptional } from './rule.js';

export { FLAG_KEY_PATTERN } from './prerequisite.js';

const flagSchema = v.pipe(
  model({
    id: optionalId,
    key: flagKeySchema,
    name: v.optional(nonEmptyString),
    description: nullableString,
    flagType: v.optional(oneOf(FLAG_TYPES), 'boolean'),
    status: v.optional(oneOf(FLAG_STATUSES), 'active'),
    defaultEnabled: v.optional(v.boolean(), false),
    defaultValue: jsonValueSchema,
    tags: v.optional(v.array(textUpTo(LIMITS.maxTextLength)), () => []),
    metadata: jsonObjectSchema,
    prerequisites: v.optional(listOf(prerequisiteSchema, LIMITS.maxPrerequisites, 'prerequisites'), () => []),
    rules: v.optional(listOf(ruleSchema, LIMITS.maxRules, 'rules'), () => []),
    variants: v.optional(listOf(variantSchema, LIMITS.maxVariants, 'variants'), () => []),
    bucketBy: optionalName,
    defaultVariant: optionalName,
    // Read-only on the flag (written through the time-schedule methods): accepted so a flag read back
    // can be written again, and ignored.
    timeSchedules: v.optional(v.unknown()),
    version: versionSchema,
    createdAt: optionalDate,
    updatedAt: optionalDate,
  }),
  crossFieldCheck(checkFlag),
  v.transform((f): FeatureFlag => {
    const now = Date.now();
    const flag: FeatureFlag = {
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
      prerequisites: f.prerequisites,
      rules: f.rules.map(finishRule),
      variants: f.variants,
      timeSchedules: [],
      version: f.version,
      createdAt: f.createdAt ?? new Date(now),
      updatedAt: f.updatedAt ?? new Date(now),
    };
    withOptional(flag, 'bucketBy', f.bucketBy);
    withOptional(flag, 'defaultVariant', f.defaultVariant);
    return flag;
  }),
);

/**
 * Validates a flag and returns a new, fully defaulted {@link FeatureFlag} that shares no reference with
 * `input` (rules, variants, prerequisites, JSON values and Dates are copied). `bucketBy` and
 * `defaultVariant` are left out (not set to `undefined`) when not given. Generates a UUID v7 `id` (and rule and
 * variant ids) when absent; keeps a given `version`/`createdAt`/`updatedAt` (defaults 1 / now / now);
 * sets `timeSchedules` to `[]` (they are written through the time-schedule methods).
 * @throws ValidationError listing every broken rule with its path, e.g.
 *   `rules[2].conditions[0].operator: unknown operator "equals"`, or an unknown key with the closest
 *   known one: `rules[0].rolloutPercentge: unknown key (did you mean "rolloutPercentage"?)`.
 */
export function createFlag(input: FeatureFlagInput): FeatureFlag {
  return parseModel(flagSchema, input, 'flag');
}
