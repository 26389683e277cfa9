import * as v from 'valibot';
import type { FlagPrerequisite } from '../models/flag.js';
import { show } from './issues.js';
import { jsonValueSchema } from './json.js';
import { model, nonEmptyString } from './primitives.js';

/** What a flag key looks like: a letter, then up to 254 letters, digits or `_ . : -`. */
export const FLAG_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]{0,254}$/;

/** A flag key. */
export const flagKeySchema = v.pipe(
  v.string(),
  v.check(
    (key) => FLAG_KEY_PATTERN.test(key),
    (issue) =>
      `must match ^[A-Za-z][A-Za-z0-9_.:-]{0,254}$ (a letter, then up to 254 letters, digits or _ . : -), got ${show(issue.input)}`,
  ),
);

/** Schema of a prerequisite; `value` keeps the difference between absent and `null` (must serve null). */
export const prerequisiteSchema = v.pipe(
  model({
    flagKey: flagKeySchema,
    variant: v.optional(nonEmptyString),
    // The JSON check without its `null` default: absent means "any value".
    value: v.optional(jsonValueSchema.wrapped),
  }),
  v.transform((input): FlagPrerequisite => {
    const prerequisite: FlagPrerequisite = { flagKey: input.flagKey };
    if (input.variant !== undefined) prerequisite.variant = input.variant;
    if (input.value !== undefined) prerequisite.value = input.value;
    return prerequisite;
  }),
);
