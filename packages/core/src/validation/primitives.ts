import { z } from 'zod';

/** A plain (non-array) object. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Options for a cross-field check that runs even when some fields failed, so one error lists every
 * broken rule. Such a check reads its input defensively: a failed field still holds the raw input.
 */
export const evenWhenFieldsFail = { when: () => true };

/** A non-empty string. */
export const nonEmptyString = z.string().min(1, { error: 'must not be empty' });

/** An optional id; the constructor generates a UUID v7 when it is absent. */
export const optionalId = nonEmptyString.optional();

/** A string or null; missing becomes null. */
export const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

/** A non-empty string or null; missing becomes null. */
export const nullableNonEmptyString = nonEmptyString.nullish().transform((v) => v ?? null);

/** A boolean with a default. */
export const booleanWithDefault = (fallback: boolean) =>
  z
    .boolean()
    .optional()
    .transform((v) => v ?? fallback);

/** An integer from `min` to `max` inclusive. */
export const intInRange = (min: number, max: number) =>
  z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, {
    error: (issue) => `must be an integer from ${min} to ${max}, got ${String(issue.input)}`,
  });

/** A percentage: an integer 0–100. */
export const percentage = intInRange(0, 100);

/** A percentage or null; missing becomes null. */
export const nullablePercentage = percentage.nullish().transform((v) => v ?? null);

/** A valid Date, copied so the result shares nothing with the input. */
export const dateSchema = z.date({ error: 'must be a valid Date' }).transform((d) => new Date(d.getTime()));

/** An optional valid Date (copied); the constructor fills the default. */
export const optionalDate = dateSchema.optional();

/** A valid Date (copied) or null; missing becomes null. */
export const nullableDate = z
  .date({ error: 'must be a valid Date or null' })
  .nullish()
  .transform((d) => (d == null ? null : new Date(d.getTime())));

/** A positive integer version; missing becomes 1. */
export const versionSchema = z
  .number()
  .refine((n) => Number.isSafeInteger(n) && n >= 1, {
    error: (issue) => `must be a positive integer, got ${String(issue.input)}`,
  })
  .optional()
  .transform((v) => v ?? 1);

const validTimezones = new Map<string, boolean>();

/** Whether `zone` is an IANA timezone this runtime knows (via `Intl`, so it works on every runtime). */
export function isValidTimezone(zone: string): boolean {
  let valid = validTimezones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = zone.length > 0;
    } catch {
      valid = false;
    }
    // Bounded so a stream of junk names cannot grow the cache without limit.
    if (validTimezones.size >= 1000) validTimezones.clear();
    validTimezones.set(zone, valid);
  }
  return valid;
}

/** An IANA timezone name. */
export const timezoneSchema = z.string().refine(isValidTimezone, {
  error: (issue) => `unknown timezone ${JSON.stringify(issue.input)}`,
});

/** `HH:MM` or `HH:MM:SS`, 24-hour clock. */
export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;

/** A `HH:MM` or `HH:MM:SS` time of day. */
export const timeOfDaySchema = z.string().refine((s) => TIME_OF_DAY.test(s), {
  error: (issue) => `must be a time HH:MM or HH:MM:SS, got ${JSON.stringify(issue.input)}`,
});
