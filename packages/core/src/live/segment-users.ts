import { isSegmentCondition } from '../evaluation/operators/index.js';
import type { Condition, FeatureFlag } from '../models/flag.js';
import type { Segment } from '../models/segment.js';

function refersTo(conditions: readonly Condition[], refs: ReadonlySet<string>): boolean {
  for (const condition of conditions) {
    if (isSegmentCondition(condition) && refs.has(String(condition.value))) return true;
  }
  return false;
}

/** Ids and names of the segments in `changed`, plus those of every segment that depends on one of them. */
function affectedRefs(changed: readonly Segment[], segments: readonly Segment[]): Set<string> {
  const refs = new Set<string>();
  for (const segment of changed) {
    refs.add(segment.id);
    refs.add(segment.name);
  }
  const seen = new Set<Segment>(changed);
  // A child matches only through its parent, and a condition can name another segment: repeat
  // until no further segment depends on one already affected.
  for (let grew = true; grew; ) {
    grew = false;
    for (const segment of segments) {
      if (seen.has(segment)) continue;
      const parent = segment.parentSegmentId;
      if ((parent !== null && refs.has(parent)) || refersTo(segment.conditions, refs)) {
        seen.add(segment);
        refs.add(segment.id);
        refs.add(segment.name);
        grew = true;
      }
    }
  }
  return refs;
}

/**
 * The keys of the flags whose answers can depend on the segments in `changed` (as they were before or
 * are now): a rule naming one of them, or a segment that depends on one, by id or name.
 */
export function flagsUsingSegments(
  changed: readonly Segment[],
  segments: readonly Segment[],
  flags: Iterable<FeatureFlag>,
): string[] {
  if (changed.length === 0) return [];
  const refs = affectedRefs(changed, segments);
  const keys: string[] = [];
  for (const flag of flags) {
    if (flag.rules.some((rule) => refersTo(rule.conditions, refs))) keys.push(flag.key);
  }
  return keys;
}

/** The segments of `before` and `after` that differ (added, removed or another stored version). */
export function changedSegments(before: readonly Segment[], after: readonly Segment[]): Segment[] {
  const old = new Map(before.map((segment) => [segment.id, segment]));
  const changed: Segment[] = [];
  for (const segment of after) {
    const previous = old.get(segment.id);
    old.delete(segment.id);
    if (previous === undefined || !sameSegmentVersion(previous, segment)) {
      changed.push(segment);
      if (previous !== undefined && previous.name !== segment.name) changed.push(previous);
    }
  }
  changed.push(...old.values());
  return changed;
}

function sameSegmentVersion(a: Segment, b: Segment): boolean {
  return (
    a.version === b.version &&
    a.updatedAt.getTime() === b.updatedAt.getTime() &&
    a.parentSegmentId === b.parentSegmentId &&
    a.name === b.name
  );
}
