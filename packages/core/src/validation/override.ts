import * as v from 'valibot';
import type { FlagOverrideInput } from '../models/inputs.js';
import { LIMITS } from '../models/limits.js';
import type { FlagOverride } from '../models/override.js';
import { generateId } from '../util/ids.js';
import { parseModel } from './issues.js';
import { jsonValueSchema } from './json.js';
import {
  booleanWithDefault,
  boundedText,
  model,
  nonEmptyString,
  nullableDate,
  optionalDate,
  optionalId,
} from './primitives.js';

const overrideSchema = v.pipe(
  model({
    id: optionalId,
    flagId: nonEmptyString,
    entityType: boundedText(LIMITS.maxEntityTypeLength),
    entityId: nonEmptyString,
    enabled: booleanWithDefault(true),
    value: jsonValueSchema,
    expiresAt: nullableDate,
    createdAt: optionalDate,
    updatedAt: optionalDate,
  }),
  v.transform((o): FlagOverride => {
    const now = Date.now();
    return {
      id: o.id ?? generateId(),
      flagId: o.flagId,
      entityType: o.entityType,
      entityId: o.entityId,
      enabled: o.enabled,
      value: o.value,
      expiresAt: o.expiresAt,
      createdAt: o.createdAt ?? new Date(now),
      updatedAt: o.updatedAt ?? new Date(now),
    };
  }),
);

/**
 * Validates an override and returns a new, fully defaulted {@link FlagOverride} sharing nothing with
 * `input`; generates a UUID v7 `id` when absent; `createdAt`/`updatedAt` default to now.
 * @throws ValidationError e.g. `entityId: must not be empty`.
 */
export function createOverride(input: FlagOverrideInput): FlagOverride {
  return parseModel(overrideSchema, input, 'override');
}
