import * as v from 'valibot';
import type { JsonObject, JsonValue } from '../models/json.js';
import { LIMITS } from '../models/limits.js';
import { report } from './issues.js';

type CopyResult = { ok: true; value: JsonValue } | { ok: false; path: (string | number)[]; message: string };

/** Why a value is not JSON; its `path` is filled in while the copy unwinds (successes build no paths). */
class Rejection {
  readonly path: (string | number)[] = [];
  constructor(readonly message: string) {}
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'symbol') return 'a symbol';
  const name = (value as object).constructor?.name;
  return name ? `an instance of ${name}` : 'a non-plain object';
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Defining the property keeps an own "__proto__" key (JSON.parse creates those) from reassigning the prototype.
function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

// What every backend can store (MariaDB's JSON nesting), and far from a stack overflow in any consumer
// that walks values recursively.
const MAX_DEPTH = LIMITS.maxJsonDepth;

/** Prefixes the path of a rejection from below with `key`. */
function under(rejection: Rejection, key: string | number): Rejection {
  rejection.path.unshift(key);
  return rejection;
}

// Validation runs on every write and on compiling every stored flag (a 100-id `in` list included), so
// a success allocates nothing beyond the copy: no path per element, no result object per value.
function copy(value: unknown, ancestors: object[]): JsonValue | Rejection {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : new Rejection(`not a JSON value: ${describe(value)}`);
  }
  if (typeof value !== 'object') return new Rejection(`not a JSON value: ${describe(value)}`);
  if (ancestors.includes(value)) return new Rejection('not a JSON value: circular reference');
  if (ancestors.length >= MAX_DEPTH) return new Rejection(`nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    ancestors.push(value);
    const out: JsonValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // Primitives inline: the common list is one of ids. A hole reads as undefined and is rejected like one.
      const copied = typeof item === 'string' || typeof item === 'boolean' ? item : copy(item, ancestors);
      if (copied instanceof Rejection) return under(copied, i);
      out[i] = copied;
    }
    ancestors.pop();
    return out;
  }
  if (!isPlainObject(value)) return new Rejection(`not a JSON value: ${describe(value)}`);
  ancestors.push(value);
  const out: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) {
    const copied = copy((value as Record<string, unknown>)[key], ancestors);
    if (copied instanceof Rejection) return under(copied, key);
    setOwn(out, key, copied);
  }
  ancestors.pop();
  return out;
}

/**
 * Deep-copies `value` if it is a real JSON value (null, boolean, string, finite number, arrays and plain
 * objects of those; no undefined, functions, NaN/Infinity, class instances or cycles; at most `LIMITS.maxJsonDepth` levels deep).
 */
export function copyJsonValue(value: unknown): CopyResult {
  const copied = copy(value, []);
  return copied instanceof Rejection
    ? { ok: false, path: copied.path, message: copied.message }
    : { ok: true, value: copied };
}

/** A JSON value, deep-copied. A missing value becomes `null`. */
export const jsonValueSchema = v.optional(
  v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }): JsonValue => {
      const result = copyJsonValue(dataset.value);
      if (result.ok) return result.value;
      report(addIssue)(result.path, result.message);
      return NEVER;
    }),
  ),
  null,
);

/** A JSON object, deep-copied. A missing value becomes `{}`. */
export const jsonObjectSchema = v.optional(
  v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }): JsonObject => {
      const value = dataset.value;
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) {
        addIssue({ message: 'must be a JSON object' });
        return NEVER;
      }
      const result = copyJsonValue(value);
      if (result.ok) return result.value as JsonObject;
      report(addIssue)(result.path, result.message);
      return NEVER;
    }),
  ),
  () => ({}),
);
