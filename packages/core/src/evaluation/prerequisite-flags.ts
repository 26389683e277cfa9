import type { FeatureFlag } from '../models/flag.js';
import { compileFlag, isInvalidFlag } from './compile-flag.js';
import type { EvaluationCache } from './evaluation-cache.js';

/** Reads the flags with these keys in one call (a backend's `getFlags`); absent keys are left out. */
export type FlagsReader = (keys: string[]) => Promise<ReadonlyMap<string, FeatureFlag>>;

/** The prerequisite keys of an active, valid flag (an inactive one never evaluates its prerequisites). */
function prerequisiteKeys(flag: FeatureFlag, cache: EvaluationCache | null | undefined): readonly string[] {
  const compiled = compileFlag(flag, cache);
  if (isInvalidFlag(compiled) || flag.status !== 'active') return [];
  return compiled.prerequisites.map((prerequisite) => prerequisite.flagKey);
}

/**
 * `flags` together with every flag they reach through prerequisites, by key. Reads breadth-first:
 * one `readFlags` call per level of nesting for all the keys of that level not yet known, never one
 * read per prerequisite; a key is asked for at most once, so a cycle ends. A missing prerequisite is
 * simply absent (evaluation reports it). `cache`: where the flags' compiled forms are kept.
 */
export async function withPrerequisiteFlags(
  flags: readonly FeatureFlag[],
  readFlags: FlagsReader,
  cache?: EvaluationCache | null,
): Promise<Map<string, FeatureFlag>> {
  const byKey = new Map<string, FeatureFlag>();
  for (const flag of flags) if (typeof flag.key === 'string') byKey.set(flag.key, flag);
  const asked = new Set(byKey.keys());
  let level: readonly FeatureFlag[] = flags;
  while (level.length > 0) {
    const wanted: string[] = [];
    for (const flag of level) {
      for (const key of prerequisiteKeys(flag, cache)) {
        if (asked.has(key)) continue;
        asked.add(key);
        wanted.push(key);
      }
    }
    if (wanted.length === 0) break;
    const read = await readFlags(wanted);
    const next: FeatureFlag[] = [];
    for (const key of wanted) {
      const flag = read.get(key);
      if (flag === undefined) continue;
      byKey.set(key, flag);
      next.push(flag);
    }
    level = next;
  }
  return byKey;
}

/** Whether any of `flags` is active and has prerequisites (only then are more flags needed). */
export function needsPrerequisites(flags: Iterable<FeatureFlag>, cache?: EvaluationCache | null): boolean {
  for (const flag of flags) if (prerequisiteKeys(flag, cache).length > 0) return true;
  return false;
}
