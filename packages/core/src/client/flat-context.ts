import type { EvaluationContext } from '../models/context.js';

/**
 * A context with every attribute at the top level, as OpenFeature and most flag SDKs write it:
 * `{ targetingKey: 'user-1', userId: 'user-1', plan: 'pro', company: { size: 40 } }`.
 */
export type FlatEvaluationContext = Readonly<Record<string, unknown>>;

/** The string fields of {@link EvaluationContext} a flat context may set by name. */
const STRING_FIELDS = new Set<string>([
  'targetingKey',
  'userId',
  'organizationId',
  'tenantId',
  'environment',
  'appVersion',
  'ipAddress',
  'userAgent',
  'country',
]);

function setAttribute(attributes: Record<string, unknown>, key: string, value: unknown): void {
  // A plain assignment to "__proto__" would replace the object's prototype instead of storing a value.
  if (key === '__proto__')
    Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
  else attributes[key] = value;
}

/**
 * Maps a flat context to an {@link EvaluationContext}:
 *
 * - `targetingKey`, `userId`, `organizationId`, `tenantId`, `environment`, `appVersion`, `ipAddress`,
 *   `userAgent`, `country` holding a string → that field (so overrides and bucketing see them);
 * - `timestamp` holding a valid `Date` → the evaluation time;
 * - `attributes` holding a plain object (the nested @flags shape) → its own keys become attributes;
 * - every other top-level key — and a known field holding another type, e.g. `userId: 42` — → an
 *   attribute of the same name, its value kept as is (nested objects and arrays included, not copied).
 *
 * Top-level keys win over keys of a nested `attributes` object. Only the object's own enumerable keys
 * are read, never inherited ones, so `constructor` or `toString` never appear; an own `__proto__` key
 * (as `JSON.parse` makes) is kept as a plain attribute. `undefined` values are skipped. Never throws.
 *
 * @example
 * fromFlatContext({ targetingKey: 'u-1', plan: 'pro', company: { size: 40 } })
 * // → { targetingKey: 'u-1', attributes: { plan: 'pro', company: { size: 40 } } }
 */
export function fromFlatContext(flat: FlatEvaluationContext | null | undefined): EvaluationContext {
  const context: EvaluationContext = {};
  if (flat === null || typeof flat !== 'object') return context;
  const attributes: Record<string, unknown> = {};
  let hasAttributes = false;
  const nested = Object.hasOwn(flat, 'attributes') ? flat.attributes : undefined;
  const nestedIsObject = isPlainObject(nested);
  if (nestedIsObject) {
    for (const key of Object.keys(nested)) {
      const value = nested[key];
      if (value === undefined) continue;
      setAttribute(attributes, key, value);
      hasAttributes = true;
    }
  }
  for (const key of Object.keys(flat)) {
    const value = flat[key];
    if (value === undefined || (key === 'attributes' && nestedIsObject)) continue;
    if (typeof value === 'string' && STRING_FIELDS.has(key)) {
      (context as Record<string, unknown>)[key] = value;
    } else if (key === 'timestamp' && value instanceof Date && !Number.isNaN(value.getTime())) {
      context.timestamp = value;
    } else {
      setAttribute(attributes, key, value);
      hasAttributes = true;
    }
  }
  if (hasAttributes) context.attributes = attributes;
  return context;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}
