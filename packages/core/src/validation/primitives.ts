import * as v from 'valibot';
import { LruCache } from '../caching/lru-cache.js';
import { LIMITS } from '../models/limits.js';
import { unknownKeyMessage } from './closest-key.js';
import { report, show, typeMismatch } from './issues.js';

/** A plain (non-array) object. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Records a problem at `path` (field names and indexes below the value being checked). */
export type Report = (path: readonly (string | number)[], message: string) => void;

/**
 * A cross-field check that runs even when some fields failed, so one error lists every broken rule.
 * It reads its input defensively: a failed field still holds the raw input, and the input may not
 * be an object at all.
 */
export const crossFieldCheck = <T>(check: (value: unknown, report: Report) => void): v.RawCheckAction<T> =>
  v.rawCheck<T>(({ dataset, addIssue }) => check(dataset.value, report(addIssue)));

/** `input` with every key of `keys` present (missing ones as undefined); `input` itself when none is missing. */
function withEveryKey(input: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (keys.every((key) => key in input)) return input;
  const filled: Record<string, unknown> = { ...input };
  for (const key of keys) if (!(key in filled)) filled[key] = undefined;
  return filled;
}

/**
 * An object of known fields. Refuses arrays and other non-records up front with `must be an object,
 * got …`, the same wording as every other type mismatch. A missing field is checked like an undefined
 * one, so it gets its own schema's message (`must be a valid Date`) or `is required`. An unknown key
 * is an issue naming the closest known key (`rolloutPercentge: unknown key (did you mean
 * "rolloutPercentage"?)`): a misspelt field must not silently take its default.
 */
export const model = <const Entries extends v.ObjectEntries>(entries: Entries) => {
  const keys = Object.keys(entries);
  const known = new Set(keys);
  return v.pipe(
    v.custom<Record<string, unknown>>(isRecord, (issue) => typeMismatch('object', issue.input)),
    v.transform((input) => withEveryKey(input, keys)),
    // Loose, so the check below still sees the unknown keys; an output is only used when it has none.
    v.looseObject(entries),
    v.rawCheck(({ dataset, addIssue }) => {
      const value = dataset.value as Record<string, unknown>;
      if (!isRecord(value)) return;
      const issue = report(addIssue);
      for (const key of Object.keys(value)) {
        if (!known.has(key)) issue([key], unknownKeyMessage(key, keys));
      }
    }),
  );
};

/** One of `values`, with a message that lists them. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  v.picklist(values, (issue) =>
    issue.input === undefined
      ? 'is required'
      : `must be one of ${values.map((value) => JSON.stringify(value)).join(', ')}, got ${show(issue.input)}`,
  );

/** A string of at most `max` UTF-16 code units (what every backend's column holds). */
export const textUpTo = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max, (issue) => `must be at most ${max} characters, got ${(issue.input as string).length}`),
  );

/** A non-empty string of at most `max` characters (keys, ids, names). */
export const boundedText = (max: number = LIMITS.maxTextLength) =>
  v.pipe(textUpTo(max), v.minLength(1, 'must not be empty'));

/** A non-empty string within {@link LIMITS}' `maxTextLength`. */
export const nonEmptyString = boundedText();

/** An optional id; the constructor generates a UUID v7 when it is absent. */
export const optionalId = v.optional(nonEmptyString);

/** A string or null; missing becomes null. */
export const nullableString = v.nullish(v.string(), null);

/** A non-empty string or null; missing becomes null. */
export const nullableNonEmptyString = v.nullish(nonEmptyString, null);

/** A boolean with a default. */
export const booleanWithDefault = (fallback: boolean) => v.optional(v.boolean(), fallback);

/** An array of `item`s holding at most `max` of them. */
export const listOf = <TItem extends v.GenericSchema>(item: TItem, max: number, what: string) =>
  v.pipe(
    v.array(item),
    v.check(
      (list: v.InferOutput<TItem>[]) => list.length <= max,
      (issue) => `must hold at most ${max} ${what}, got ${(issue.input as unknown[]).length}`,
    ),
  );

/** An integer from `min` to `max` inclusive. */
export const intInRange = (min: number, max: number) =>
  v.pipe(
    v.number(),
    v.check(
      (n) => Number.isInteger(n) && n >= min && n <= max,
      (issue) => `must be an integer from ${min} to ${max}, got ${String(issue.input)}`,
    ),
  );

/** A percentage: an integer 0–100. */
export const percentage = intInRange(0, 100);

/** A percentage or null; missing becomes null. */
export const nullablePercentage = v.nullish(percentage, null);

const copyDate = (d: Date) => new Date(d.getTime());

const FIRST_DATE = new Date(LIMITS.minDateMs).toISOString();
const LAST_DATE = new Date(LIMITS.maxDateMs).toISOString();
/** Within the dates every backend stores (SQL timestamps end with year 9999). */
const dateInRange = v.check(
  (d: Date) => d.getTime() >= LIMITS.minDateMs && d.getTime() <= LIMITS.maxDateMs,
  (issue) => `must be from ${FIRST_DATE} to ${LAST_DATE}, got ${(issue.input as Date).toISOString()}`,
);

/** A valid Date within the limits, copied so the result shares nothing with the input. */
export const dateSchema = v.pipe(v.date('must be a valid Date'), dateInRange, v.transform(copyDate));

/** An optional valid Date (copied); the constructor fills the default. */
export const optionalDate = v.optional(dateSchema);

/** A valid Date (copied) or null; missing becomes null. */
export const nullableDate = v.nullish(
  v.pipe(v.date('must be a valid Date or null'), dateInRange, v.transform(copyDate)),
  null,
);

/** A positive integer version; missing becomes 1. */
export const versionSchema = v.optional(
  v.pipe(
    v.number(),
    v.check(
      (n) => Number.isSafeInteger(n) && n >= 1 && n <= LIMITS.maxInteger,
      (issue) => `must be an integer from 1 to ${LIMITS.maxInteger}, got ${String(issue.input)}`,
    ),
  ),
  1,
);

// Keyed by the name (the answer depends on nothing else), bounded so a stream of junk names cannot grow it.
const validTimezones = new LruCache<string, boolean>(1000);

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
    validTimezones.set(zone, valid);
  }
  return valid;
}

/** An IANA timezone name. */
export const timezoneSchema = v.pipe(
  v.string(),
  v.check(isValidTimezone, (issue) => `unknown timezone ${show(issue.input)}`),
);

/** `HH:MM` or `HH:MM:SS`, 24-hour clock. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** A `HH:MM` or `HH:MM:SS` time of day. */
export const timeOfDaySchema = v.pipe(
  v.string(),
  v.check(
    (s) => TIME_OF_DAY.test(s),
    (issue) => `must be a time HH:MM or HH:MM:SS, got ${show(issue.input)}`,
  ),
);
