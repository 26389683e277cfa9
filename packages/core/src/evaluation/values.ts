import type { FlagType } from '../models/enums.js';
import type { JsonValue } from '../models/json.js';

// ISO-8601 date or date-time. Group 2 is the time, group 3 the offset: a date-time without an offset
// is naive and read as UTC (Date.parse would read it as local time, which differs per machine).
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const MAX_EPOCH_SECONDS = 8.64e12;

/**
 * An instant as epoch milliseconds, or `NaN` when `value` is not one: a `Date`, epoch SECONDS (a
 * finite number, as litestar-flags stores them) or an ISO-8601 string (naive times are UTC).
 */
export function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  // Beyond ±8.64e15 ms no Date exists; reading such numbers as "no date" keeps every date test total.
  if (typeof value === 'number') return Math.abs(value) <= MAX_EPOCH_SECONDS ? value * 1000 : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const match = ISO_DATE.exec(value);
  if (match === null) return Number.NaN;
  const time = match[2];
  if (time === undefined) return Date.parse(`${match[1]}T00:00:00Z`);
  let offset = match[3] ?? 'Z';
  // `+05` and `+0530` are valid ISO-8601 offsets that Date.parse does not read.
  if (offset.length === 3) offset = `${offset}:00`;
  else if (offset.length === 5) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return Date.parse(`${match[1]}T${time}${offset.toUpperCase()}`);
}

/** Deep equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * A deep copy of a JSON value, so a caller mutating a served object never changes a compiled flag.
 * Primitives are returned as they are (no allocation).
 */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as Record<string, JsonValue>)[key] as JsonValue);
    // Defining keeps an own "__proto__" key a plain key instead of replacing the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}

/** Whether `value` may be served for a flag of `type`. */
export function isValueOfType(value: unknown, type: FlagType): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return value !== undefined;
  }
}
