import type { EvaluationDetails } from '../models/context.js';
import type { FeatureFlag, FlagPrerequisite } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import { jsonEqual } from './values.js';

/**
 * Finds a flag by key: how evaluation reaches a flag's prerequisites. The storage client passes the
 * flags it read in bulk; a client holding every flag in memory passes its own lookup.
 */
export type FlagLookup = (key: string) => FeatureFlag | null | undefined;

/** The prerequisite walk of one top-level evaluation: which flags are being evaluated, which are done. */
export interface PrerequisiteWalk {
  /** Keys on the current path; meeting one again is a cycle. */
  readonly inProgress: Set<string>;
  /** Each prerequisite evaluated once per top-level evaluation (a shared one is not evaluated twice). */
  readonly done: Map<string, { details: EvaluationDetails<JsonValue>; isBoolean: boolean }>;
}

/** Evaluates a prerequisite flag for the same context, continuing `walk`. */
export type EvaluatePrerequisite = (flag: FeatureFlag, walk: PrerequisiteWalk) => EvaluationDetails<JsonValue>;

/** A fresh walk. */
export const newWalk = (): PrerequisiteWalk => ({ inProgress: new Set(), done: new Map() });

/** Why `details` (of a flag that is boolean or not) does not meet `prerequisite`, or `undefined` when it does. */
export function unmet(prerequisite: FlagPrerequisite, details: EvaluationDetails<JsonValue>, isBoolean: boolean) {
  const key = prerequisite.flagKey;
  if (details.reason === 'ERROR') return `prerequisite "${key}" could not be evaluated (${details.errorCode})`;
  if (details.reason === 'DISABLED' || details.reason === 'PREREQUISITE_FAILED')
    return `prerequisite "${key}" is off (${details.reason})`;
  if (prerequisite.variant !== undefined && details.variant !== prerequisite.variant) {
    const served = details.variant === undefined ? 'no variant' : `variant "${details.variant}"`;
    return `prerequisite "${key}" served ${served}, not "${prerequisite.variant}"`;
  }
  if (prerequisite.value !== undefined && !jsonEqual(details.value, prerequisite.value))
    return `prerequisite "${key}" served ${JSON.stringify(details.value)}, not ${JSON.stringify(prerequisite.value)}`;
  if (prerequisite.variant === undefined && prerequisite.value === undefined && isBoolean && details.value !== true)
    return `prerequisite "${key}" served ${JSON.stringify(details.value)}, not true`;
  return undefined;
}

/**
 * The first prerequisite of `flagKey` that is missing, off, not served as required, or part of a
 * cycle, as a message naming it; `undefined` when all hold. Prerequisites are checked in order,
 * each evaluated (with its own prerequisites) for the same context. Never loops: a key met again on
 * the current path is a cycle, and every flag on a cycle fails.
 */
export function prerequisiteFailure(
  flagKey: string,
  prerequisites: readonly FlagPrerequisite[],
  lookup: FlagLookup | null | undefined,
  walk: PrerequisiteWalk,
  evaluate: EvaluatePrerequisite,
): string | undefined {
  walk.inProgress.add(flagKey);
  try {
    for (const prerequisite of prerequisites) {
      const key = prerequisite.flagKey;
      let why: string | undefined;
      if (walk.inProgress.has(key)) {
        why = `prerequisite "${key}" is part of a cycle`;
      } else {
        let done = walk.done.get(key);
        const flag = done === undefined ? lookup?.(key) : undefined;
        if (done === undefined && (flag === null || flag === undefined)) {
          why = `prerequisite "${key}" not found`;
        } else {
          if (done === undefined) {
            const found = flag as FeatureFlag;
            done = { details: evaluate(found, walk), isBoolean: found.flagType === 'boolean' };
            walk.done.set(key, done);
          }
          why = unmet(prerequisite, done.details, done.isBoolean);
        }
      }
      if (why !== undefined) return `[@flags/core] flag "${flagKey}": ${why}`;
    }
    return undefined;
  } finally {
    walk.inProgress.delete(flagKey);
  }
}
