import type { EvaluationContext, EvaluationDetails } from '../models/context.js';
import type { ErrorCode, FlagType, Reason } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import type { FlagOverride } from '../models/override.js';
import type { TimeSchedule } from '../models/schedule.js';
import type { Segment } from '../models/segment.js';
import { bucketOf } from './bucketing.js';
import { type CompiledFlag, type CompiledRule, compileFlag, isInvalidFlag } from './compile-flag.js';
import type { EvaluationCache } from './evaluation-cache.js';
import { pickOverride } from './overrides.js';
import { type FlagLookup, newWalk, type PrerequisiteWalk, prerequisiteFailure } from './prerequisites.js';
import { SegmentIndex } from './segments.js';
import { isTimeScheduleActive } from './time-schedule.js';
import { cloneJson, isValueOfType } from './values.js';

/** What an evaluation needs besides the flag and the context. Reusable across calls. */
export interface EvaluationInputs<T> {
  /** Served on any error (missing flag, type mismatch, invalid stored flag). */
  defaultValue: T;
  /**
   * The value type the caller expects; a flag of another type gives `TYPE_MISMATCH`, and so does a
   * served value of another type (an override's `enabled` on a string flag). `null` takes the flag's
   * own type (bulk evaluation). @default null
   */
  type?: FlagType | null;
  /** The key asked for, reported when the flag is missing. @default the flag's key, or "" */
  flagKey?: string;
  /** The overrides found for the context's entities (any order; other flags' are ignored). @default [] */
  overrides?: readonly FlagOverride[] | null;
  /** The segments, for `in_segment`/`not_in_segment`: an index, or an array (indexed once per array). @default none */
  segments?: SegmentIndex | readonly Segment[] | null;
  /**
   * Where compiled flags and segment indexes are kept between calls, owned by the caller (a client
   * keeps one per store). Without it a flag is compiled once per flag object and segments once per
   * array. @default none
   */
  cache?: EvaluationCache | null;
  /**
   * Finds the flags named as prerequisites (and theirs). A prerequisite it does not find fails, so
   * without a lookup every flag with prerequisites serves its off value (`PREREQUISITE_FAILED`). The
   * overrides and segments given are used for the prerequisite flags too. @default none
   */
  prerequisites?: FlagLookup | null;
}

const NO_OVERRIDES: readonly FlagOverride[] = [];

function details<T>(
  flagKey: string,
  value: T,
  reason: Reason,
  variant: string | undefined,
  flagMetadata: Record<string, JsonValue>,
  note: string | undefined,
): EvaluationDetails<T> {
  return { flagKey, value, reason, variant, errorCode: undefined, errorMessage: note, flagMetadata };
}

/** The caller's default with reason `ERROR` and an error code. */
export function errorDetails<T>(
  flagKey: string,
  value: T,
  errorCode: ErrorCode,
  errorMessage: string,
): EvaluationDetails<T> {
  return { flagKey, value, reason: 'ERROR', variant: undefined, errorCode, errorMessage, flagMetadata: {} };
}

function metadataOf(flag: FeatureFlag): Record<string, JsonValue> {
  const metadata = flag.metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata : {};
}

/** 1 when a schedule is active (or there is none), 0 when none is, -1 when one cannot be read. */
function scheduleState(schedules: readonly TimeSchedule[], context: EvaluationContext): number {
  let enabled = 0;
  const at = context.timestamp ?? new Date();
  for (const schedule of schedules) {
    if (schedule === null || typeof schedule !== 'object') return -1;
    if (schedule.enabled !== true) continue;
    enabled++;
    try {
      if (isTimeScheduleActive(schedule, at)) return 1;
    } catch {
      return -1;
    }
  }
  return enabled === 0 ? 1 : 0;
}

function serve<T>(
  compiled: CompiledFlag,
  flag: FeatureFlag,
  inputs: EvaluationInputs<T>,
  value: JsonValue,
  reason: Reason,
  variant: string | undefined,
  note?: string,
): EvaluationDetails<T> {
  const type = inputs.type ?? null;
  if (type !== null && !isValueOfType(value, type)) {
    return errorDetails(
      compiled.key,
      inputs.defaultValue,
      'TYPE_MISMATCH',
      `[@flags/core] flag "${compiled.key}" served a ${value === null ? 'null' : typeof value} value (${reason}), not a ${type}`,
    );
  }
  return details(compiled.key, cloneJson(value) as T, reason, variant, metadataOf(flag), note);
}

function noBucketValue(compiled: CompiledFlag, what: string, bucketBy: string): string {
  return `[@flags/core] flag "${compiled.key}": ${what} buckets by ${bucketBy} and the context has no such value, so it is not in it`;
}

/**
 * The first rule that serves the context; when none does and a rule's rollout was skipped only
 * because the context has no bucketing value, the message saying so (never a silent miss).
 */
function matchingRule(
  compiled: CompiledFlag,
  context: EvaluationContext,
  segments: SegmentIndex,
): CompiledRule | string | undefined {
  let skipped: string | undefined;
  for (const rule of compiled.rules) {
    let matched = true;
    for (const test of rule.tests) {
      if (!test(context, segments)) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    const rollout = rule.rollout;
    if (rollout !== null) {
      // Outside the rollout (or without a bucketing value): the next rule gets its chance.
      const bucketKey = rule.bucketKey(context);
      if (bucketKey === undefined) {
        skipped ??= noBucketValue(compiled, `the rollout of rule "${rule.name}"`, rule.bucketBy);
        continue;
      }
      if (rollout < 100 && (rollout <= 0 || bucketOf(compiled.rolloutPrefix, bucketKey) + 1 > rollout)) {
        continue;
      }
    }
    return rule;
  }
  return skipped;
}

/**
 * Evaluates one flag for one context — pure, synchronous, no I/O, never throws — in this order,
 * first hit wins:
 * 1. no flag → `defaultValue`, `ERROR`/`FLAG_NOT_FOUND`; a stored flag that no longer validates →
 *    `ERROR`/`PARSE_ERROR`;
 * 2. `type` given and ≠ the flag's type → `ERROR`/`TYPE_MISMATCH`;
 * 3. status not `active` → the off value (`false` / `defaultValue`), `DISABLED`;
 * 3b. a prerequisite (found through `inputs.prerequisites`) missing, off, not serving as required, or
 *    part of a cycle → the off value, `PREREQUISITE_FAILED`, `errorMessage` naming it;
 * 4. an override among `inputs.overrides` (user → organization → tenant → targeting_key) → its
 *    `enabled` (boolean flags) or `value` (else `enabled` when `value` is null), `OVERRIDE`;
 * 5. enabled time schedules (on `flag.timeSchedules`) of which none is active at `context.timestamp`
 *    (default now) → the off value, `DISABLED`;
 * 6. the first enabled rule by priority (ties by position) whose conditions all hold and whose
 *    rollout holds the context's bucketing value (the rule's `bucketBy`, else `targetingKey`, else
 *    `userId`) → `serveEnabled` / `serveValue`, `TARGETING_MATCH`, variant = rule name;
 * 7. variants → the bucket's variant (of the flag's `bucketBy` value; a context without one hashes
 *    `""`), `SPLIT`, variant = its key;
 * 8. `defaultEnabled` / `defaultValue`, variant = `defaultVariant`: `DEFAULT` when the flag has
 *    targeting (an enabled rule) and none served this context, `STATIC` when it has none.
 * When a rollout was passed over, or the split hashed `""`, because the context has no bucketing
 * value, `errorMessage` says so (the reason stays what it is).
 *
 * The flag is compiled once per version (see {@link compileFlag}, and `inputs.cache`); the per-call work is the rule
 * tests and at most one MurmurHash3 per rollout or variant. Object values are returned as copies.
 */
export function evaluateFlag<T = JsonValue>(
  flag: FeatureFlag | null | undefined,
  context: EvaluationContext,
  inputs: EvaluationInputs<T>,
): EvaluationDetails<T> {
  try {
    return evaluateOrThrow(flag, context, inputs, null);
  } catch (error) {
    // Context values are user input: a getter that throws, a Proxy, an object without a prototype.
    const key = typeof inputs.flagKey === 'string' ? inputs.flagKey : typeof flag?.key === 'string' ? flag.key : '';
    const why = error instanceof Error ? error.message : 'a value that cannot be read';
    return errorDetails(
      key,
      inputs.defaultValue,
      'GENERAL',
      `[@flags/core] the context of flag "${key}" cannot be read: ${why}`,
    );
  }
}

function evaluateOrThrow<T>(
  flag: FeatureFlag | null | undefined,
  context: EvaluationContext,
  inputs: EvaluationInputs<T>,
  walk: PrerequisiteWalk | null,
): EvaluationDetails<T> {
  if (flag === null || flag === undefined) {
    const key = inputs.flagKey ?? '';
    return errorDetails(key, inputs.defaultValue, 'FLAG_NOT_FOUND', `[@flags/core] flag "${key}" not found`);
  }
  const compiled = compileFlag(flag, inputs.cache);
  if (isInvalidFlag(compiled)) {
    return errorDetails(compiled.key ?? inputs.flagKey ?? '', inputs.defaultValue, 'PARSE_ERROR', compiled.error);
  }
  const type = inputs.type ?? null;
  if (type !== null && type !== compiled.flagType) {
    return errorDetails(
      compiled.key,
      inputs.defaultValue,
      'TYPE_MISMATCH',
      `[@flags/core] flag "${compiled.key}" is a ${compiled.flagType} flag, not ${type}`,
    );
  }
  // Read from the flag itself, not the compiled version: a kill switch always kills.
  if (flag.status !== 'active') return serve(compiled, flag, inputs, compiled.offValue, 'DISABLED', undefined);

  if (compiled.prerequisites.length > 0) {
    const failure = prerequisiteFailure(
      compiled.key,
      compiled.prerequisites,
      inputs.prerequisites,
      walk ?? newWalk(),
      (prerequisite, nextWalk) =>
        evaluateOrThrow<JsonValue>(
          prerequisite,
          context,
          {
            defaultValue: null,
            type: null,
            flagKey: prerequisite.key,
            overrides: inputs.overrides,
            segments: inputs.segments,
            cache: inputs.cache,
            prerequisites: inputs.prerequisites,
          },
          nextWalk,
        ),
    );
    if (failure !== undefined)
      return serve(compiled, flag, inputs, compiled.offValue, 'PREREQUISITE_FAILED', undefined, failure);
  }

  const overrides = inputs.overrides ?? NO_OVERRIDES;
  if (overrides.length > 0) {
    const nowMs = context.timestamp instanceof Date ? context.timestamp.getTime() : Date.now();
    const override = pickOverride(overrides, compiled.id, context, nowMs);
    if (override !== undefined) {
      const value = compiled.flagType === 'boolean' ? override.enabled : (override.value ?? override.enabled);
      return serve(compiled, flag, inputs, value, 'OVERRIDE', undefined);
    }
  }

  const schedules = flag.timeSchedules;
  if (Array.isArray(schedules) && schedules.length > 0) {
    const state = scheduleState(schedules, context);
    if (state < 0) {
      return errorDetails(
        compiled.key,
        inputs.defaultValue,
        'PARSE_ERROR',
        `[@flags/core] flag "${compiled.key}" has a time schedule that cannot be read`,
      );
    }
    if (state === 0) return serve(compiled, flag, inputs, compiled.offValue, 'DISABLED', undefined);
  }

  let note: string | undefined;
  if (compiled.rules.length > 0) {
    const segments = toIndex(inputs.segments, inputs.cache);
    const rule = matchingRule(compiled, context, segments);
    if (typeof rule === 'object') return serve(compiled, flag, inputs, rule.value, 'TARGETING_MATCH', rule.name);
    note = rule;
  }

  const buckets = compiled.variantByBucket;
  if (buckets.length > 0) {
    const bucketKey = compiled.variantBucketKey(context);
    // Without a bucketing value the split hashes "" (as litestar-flags does), and the details say so.
    if (bucketKey === undefined)
      note ??= `[@flags/core] flag "${compiled.key}": the variant split buckets by ${compiled.variantBucketBy} and the context has no such value, so it bucketed "" (the same variant for every such context)`;
    const variant = buckets[bucketOf(compiled.variantPrefix, bucketKey ?? '')] ?? buckets[buckets.length - 1]!;
    return serve(compiled, flag, inputs, variant.value, 'SPLIT', variant.key, note);
  }
  // OpenFeature's meanings: STATIC means the flag cannot vary by context; DEFAULT means it can (it has
  // enabled rules) but no rule served this context, so the flag's default was the fallback.
  const reason = compiled.rules.length > 0 ? 'DEFAULT' : 'STATIC';
  return serve(compiled, flag, inputs, compiled.staticValue, reason, compiled.defaultVariant, note);
}

function toIndex(
  segments: SegmentIndex | readonly Segment[] | null | undefined,
  cache: EvaluationCache | null | undefined,
): SegmentIndex {
  if (segments === null || segments === undefined) return SegmentIndex.EMPTY;
  if (segments instanceof SegmentIndex) return segments;
  return cache ? cache.segmentIndex(segments) : SegmentIndex.of(segments);
}
