import { assertStoredFlag } from '../codec/stored-fields.js';
import { FlagsError } from '../errors.js';
import type { FlagType } from '../models/enums.js';
import type { FeatureFlag, FlagPrerequisite } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import { createFlag } from '../validation/flag.js';
import { type BucketKeyReader, compileBucketKey, DEFAULT_BUCKET_BY } from './bucket-key.js';
import type { EvaluationCache } from './evaluation-cache.js';
import { type ConditionTest, compileCondition, isSegmentCondition } from './operators/index.js';

/** A targeting rule, ready to run. */
export interface CompiledRule {
  name: string;
  /** Where the rule sits in the flag's `rules` (explanations read its conditions there). */
  position: number;
  tests: ConditionTest[];
  /** 0–100, or null for everyone who matches. */
  rollout: number | null;
  /** Reads the context's value for the rollout bucket. */
  bucketKey: BucketKeyReader;
  /** What `bucketKey` reads, for the details when a context has no value. */
  bucketBy: string;
  /** `serveEnabled` (boolean flags) or `serveValue`. */
  value: JsonValue;
}

/** A variant, ready to serve. */
export interface CompiledVariant {
  key: string;
  /** `value.enabled === true` (boolean flags), the whole `value` (json), or `value.value` when it has the flag's type. */
  value: JsonValue;
}

/** A flag version compiled for evaluation: validated once, rules sorted, operands parsed. */
export interface CompiledFlag {
  id: string;
  version: number;
  updatedAtMs: number;
  key: string;
  flagType: FlagType;
  /** Served when disabled or outside its time schedules: `false` or `defaultValue`. */
  offValue: JsonValue;
  /** Served when nothing else applies: `defaultEnabled` or `defaultValue`. */
  staticValue: JsonValue;
  /** Enabled rules only, by priority, ties by position. */
  rules: CompiledRule[];
  /** Variant of each bucket 0–99 (empty when the flag has no variants). */
  variantByBucket: CompiledVariant[];
  /** Reads the context's value for the variant bucket. */
  variantBucketKey: BucketKeyReader;
  /** What `variantBucketKey` reads, for the details when a context has no value. */
  variantBucketBy: string;
  /** The variant reported with the default value. */
  defaultVariant: string | undefined;
  /** The flags that must serve as required before anything else is evaluated. */
  prerequisites: readonly FlagPrerequisite[];
  usesSegments: boolean;
  /** `"<key>:"`, the rollout hash prefix. */
  rolloutPrefix: string;
  /** `"<key>:variant:"`, the variant hash prefix. */
  variantPrefix: string;
}

/** A stored flag that no longer validates. */
export interface InvalidFlag {
  id: string | null;
  version: number;
  updatedAtMs: number;
  key: string | null;
  /** Why, for `PARSE_ERROR`. */
  error: string;
}

/** How many flags an {@link EvaluationCache} keeps compiled by default; the least recently used is dropped past this. */
export const COMPILED_FLAG_LIMIT = 10_000;
/**
 * Compiled forms by flag object, for callers without an {@link EvaluationCache} (a flag evaluated
 * many times as one object). Keyed by the object itself, so two flags never share an entry whatever
 * their ids, and an entry lives no longer than its flag.
 */
const byObject = new WeakMap<object, CompiledFlag | InvalidFlag>();

function variantValue(flagType: FlagType, value: Record<string, JsonValue>, fallback: JsonValue): JsonValue {
  if (flagType === 'boolean') return value.enabled === true;
  if (flagType === 'json') return value;
  const inner = Object.hasOwn(value, 'value') ? value.value : undefined;
  return typeof inner === flagType ? (inner as JsonValue) : fallback;
}

function build(flag: FeatureFlag, updatedAtMs: number): CompiledFlag {
  assertStoredFlag(flag);
  const valid = createFlag(flag);
  const isBoolean = valid.flagType === 'boolean';
  const ordered = valid.rules
    .map((rule, position) => ({ rule, position }))
    .filter(({ rule }) => rule.enabled)
    .sort((a, b) => a.rule.priority - b.rule.priority || a.position - b.position);
  let usesSegments = false;
  const rules = ordered.map(({ rule, position }): CompiledRule => {
    if (rule.conditions.some(isSegmentCondition)) usesSegments = true;
    return {
      name: rule.name,
      position,
      tests: rule.conditions.map(compileCondition),
      rollout: rule.rolloutPercentage,
      bucketKey: compileBucketKey(rule.bucketBy),
      bucketBy: rule.bucketBy ?? DEFAULT_BUCKET_BY,
      value: isBoolean ? rule.serveEnabled : rule.serveValue,
    };
  });
  const variantByBucket: CompiledVariant[] = [];
  const variants = [...valid.variants].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (variants.length > 0) {
    let total = 0;
    for (const variant of variants) {
      const compiled = { key: variant.key, value: variantValue(valid.flagType, variant.value, valid.defaultValue) };
      total += variant.weight;
      while (variantByBucket.length < Math.min(total, 100)) variantByBucket.push(compiled);
    }
  }
  return {
    id: valid.id,
    version: valid.version,
    updatedAtMs,
    key: valid.key,
    flagType: valid.flagType,
    offValue: isBoolean ? false : valid.defaultValue,
    staticValue: isBoolean ? valid.defaultEnabled : valid.defaultValue,
    rules,
    variantByBucket,
    variantBucketKey: compileBucketKey(valid.bucketBy),
    variantBucketBy: valid.bucketBy ?? DEFAULT_BUCKET_BY,
    defaultVariant: valid.defaultVariant,
    prerequisites: valid.prerequisites,
    usesSegments,
    rolloutPrefix: `${valid.key}:`,
    variantPrefix: `${valid.key}:variant:`,
  };
}

/** Whether `compiled` is a flag that failed validation. */
export function isInvalidFlag(compiled: CompiledFlag | InvalidFlag): compiled is InvalidFlag {
  return 'error' in compiled;
}

/** `updatedAt` in ms, or NaN when it is not a Date. */
export function updatedAtMsOf(flag: FeatureFlag): number {
  return flag.updatedAt instanceof Date ? flag.updatedAt.getTime() : Number.NaN;
}

/** Whether `compiled` was built from this version of `flag` (every backend write changes both `version` and `updatedAt`). */
export function isCompiledFrom(compiled: CompiledFlag | InvalidFlag, flag: FeatureFlag): boolean {
  return compiled.version === flag.version && compiled.updatedAtMs === updatedAtMsOf(flag);
}

/**
 * Validates and compiles a stored flag: through `createFlag`, rules filtered and sorted, conditions
 * compiled (Sets, regexes, versions, dates parsed). Never throws: a flag that no longer validates
 * compiles to an {@link InvalidFlag}. No caching; see {@link compileFlag}.
 */
export function buildCompiledFlag(flag: FeatureFlag): CompiledFlag | InvalidFlag {
  const updatedAtMs = updatedAtMsOf(flag);
  try {
    return build(flag, updatedAtMs);
  } catch (error) {
    const message = error instanceof FlagsError ? error.message : '[@flags/core] the stored flag cannot be read';
    return {
      id: typeof flag.id === 'string' ? flag.id : null,
      version: flag.version,
      updatedAtMs,
      key: typeof flag.key === 'string' ? flag.key : null,
      error: message,
    };
  }
}

/**
 * The compiled form of a stored flag (see {@link buildCompiledFlag}), built once per flag version:
 * through `cache` when given (a backend returns a new copy on every read, so a cache owned by the
 * reader recognises the version by id, `version` and `updatedAt`), else once per flag object. A flag
 * object edited in place without a new version is not recompiled.
 */
export function compileFlag(flag: FeatureFlag, cache?: EvaluationCache | null): CompiledFlag | InvalidFlag {
  if (cache !== undefined && cache !== null) return cache.flag(flag);
  if (typeof flag !== 'object' || flag === null) return buildCompiledFlag(flag);
  const known = byObject.get(flag);
  if (known !== undefined && isCompiledFrom(known, flag)) return known;
  const compiled = buildCompiledFlag(flag);
  byObject.set(flag, compiled);
  return compiled;
}
