import { assertStoredFlag } from '../codec/stored-fields.js';
import { FlagsError } from '../errors.js';
import type { FlagType } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import { createFlag } from '../validation/flag.js';
import { type ConditionTest, compileCondition, isSegmentCondition } from './operators/index.js';

/** A targeting rule, ready to run. */
export interface CompiledRule {
  name: string;
  /** Where the rule sits in the flag's `rules` (explanations read its conditions there). */
  position: number;
  tests: ConditionTest[];
  /** 0–100, or null for everyone who matches. */
  rollout: number | null;
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

/** How many flag versions stay compiled; the oldest entry is dropped past this. */
export const COMPILED_FLAG_LIMIT = 10_000;
const cache = new Map<string, CompiledFlag | InvalidFlag>();

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
    usesSegments,
    rolloutPrefix: `${valid.key}:`,
    variantPrefix: `${valid.key}:variant:`,
  };
}

/** Whether `compiled` is a flag that failed validation. */
export function isInvalidFlag(compiled: CompiledFlag | InvalidFlag): compiled is InvalidFlag {
  return 'error' in compiled;
}

/**
 * The compiled form of a stored flag, built once per flag version: validated through `createFlag`,
 * rules filtered and sorted, conditions compiled (Sets, regexes, versions, dates parsed). Cached by
 * `id`, reused while `version` and `updatedAt` are unchanged — every backend write changes both, so
 * a flag edited in memory without a new version is not recompiled. Never throws: a flag that no
 * longer validates compiles to an {@link InvalidFlag}.
 */
export function compileFlag(flag: FeatureFlag): CompiledFlag | InvalidFlag {
  const id = typeof flag.id === 'string' ? flag.id : null;
  const updatedAtMs = flag.updatedAt instanceof Date ? flag.updatedAt.getTime() : Number.NaN;
  if (id !== null) {
    const cached = cache.get(id);
    if (cached !== undefined && cached.version === flag.version && cached.updatedAtMs === updatedAtMs) return cached;
  }
  let compiled: CompiledFlag | InvalidFlag;
  try {
    compiled = build(flag, updatedAtMs);
  } catch (error) {
    const message = error instanceof FlagsError ? error.message : '[@flags/core] the stored flag cannot be read';
    compiled = {
      id,
      version: flag.version,
      updatedAtMs,
      key: typeof flag.key === 'string' ? flag.key : null,
      error: message,
    };
  }
  if (id !== null) {
    if (cache.size >= COMPILED_FLAG_LIMIT && !cache.has(id)) cache.delete(cache.keys().next().value as string);
    cache.set(id, compiled);
  }
  return compiled;
}
