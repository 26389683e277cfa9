import { compileFlag, isInvalidFlag } from '../evaluation/compile-flag.js';
import { evaluateFlag } from '../evaluation/evaluate.js';
import type { EvaluationCache } from '../evaluation/evaluation-cache.js';
import { overrideEntities } from '../evaluation/overrides.js';
import { needsPrerequisites, withPrerequisiteFlags } from '../evaluation/prerequisite-flags.js';
import { SegmentIndex } from '../evaluation/segments.js';
import type { EvaluationContext, EvaluationDetails } from '../models/context.js';
import type { FeatureFlag } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import type { FlagOverride } from '../models/override.js';
import type { StorageBackend } from '../storage/backend.js';

/** Evaluation results by flag key. */
export type FlagResults = Record<string, EvaluationDetails<JsonValue>>;

const NO_OVERRIDES: readonly FlagOverride[] = [];

/** Sets `results[key]`; a `"__proto__"` key (only an invalid stored flag can have one) stays a plain key. */
export function setResult(results: FlagResults, key: string, value: EvaluationDetails<JsonValue>): void {
  if (key === '__proto__') {
    Object.defineProperty(results, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    results[key] = value;
  }
}

/**
 * Evaluates many flags for one context with a fixed number of storage calls whatever their count:
 * one `getOverridesForFlags` (only when the context names an entity and some flag is active) and one
 * `getAllSegments` (only when some active flag has a segment condition), in parallel; before them,
 * one `getFlags` per level of prerequisite nesting for prerequisites not among `flags`. Each flag
 * serves its own type; errors carry a `null` value.
 */
export async function evaluateFlags(
  storage: StorageBackend,
  flags: readonly FeatureFlag[],
  context: EvaluationContext,
  cache: EvaluationCache,
): Promise<FlagResults> {
  // Prerequisites outside `flags` are read in bulk, one call per level of nesting.
  const known = needsPrerequisites(flags, cache)
    ? await withPrerequisiteFlags(flags, (keys) => storage.getFlags(keys), cache)
    : null;
  const involved = known === null ? flags : [...known.values()];
  const liveIds: string[] = [];
  let usesSegments = false;
  for (const flag of involved) {
    const compiled = compileFlag(flag, cache);
    if (isInvalidFlag(compiled) || flag.status !== 'active') continue;
    liveIds.push(compiled.id);
    if (compiled.usesSegments) usesSegments = true;
  }
  const entities = overrideEntities(context);
  const [overrides, segments] = await Promise.all([
    entities.length > 0 && liveIds.length > 0 ? storage.getOverridesForFlags(liveIds, entities) : NO_OVERRIDES,
    usesSegments ? storage.getAllSegments() : null,
  ]);
  const byFlag = new Map<string, FlagOverride[]>();
  for (const override of overrides) {
    const list = byFlag.get(override.flagId);
    if (list === undefined) byFlag.set(override.flagId, [override]);
    else list.push(override);
  }
  const index = segments === null ? SegmentIndex.EMPTY : cache.segmentIndex(segments);
  const results: FlagResults = {};
  for (const flag of flags) {
    const details = evaluateFlag<JsonValue>(flag, context, {
      defaultValue: null,
      type: null,
      flagKey: flag.key,
      // Prerequisites look up other flags' overrides, so they get the whole list.
      overrides: known === null ? (byFlag.get(flag.id) ?? NO_OVERRIDES) : overrides,
      segments: index,
      cache,
      prerequisites: known === null ? null : (key) => known.get(key),
    });
    setResult(results, typeof flag.key === 'string' ? flag.key : details.flagKey, details);
  }
  return results;
}
