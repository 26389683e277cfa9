import type { FeatureFlag, Segment } from '@flags/core';

/** What a loaded flag looked like, enough to tell whether it changed. */
interface FlagStamp {
  fingerprint: string;
  /** Segment ids and names its rules test. */
  segmentRefs: readonly string[];
}

/** The flags and segments of one load, compared with the next load to name the flags that changed. */
export interface LoadedState {
  flags: Map<string, FlagStamp>;
  /** Segment id → `version:updatedAt:parent`. */
  segments: Map<string, { name: string; stamp: string; parentId: string | null }>;
}

const SEGMENT_OPERATORS = new Set(['in_segment', 'not_in_segment']);

function segmentRefsOf(flag: FeatureFlag): string[] {
  const refs: string[] = [];
  for (const rule of flag.rules) {
    for (const condition of rule.conditions) {
      if (SEGMENT_OPERATORS.has(condition.operator) && typeof condition.value === 'string') refs.push(condition.value);
    }
  }
  return refs;
}

function schedulesStamp(flag: FeatureFlag): string {
  const schedules = Array.isArray(flag.timeSchedules) ? flag.timeSchedules : [];
  return schedules.map((s) => `${s.id}@${s.updatedAt instanceof Date ? s.updatedAt.getTime() : ''}`).join(',');
}

/** Captures `flags` and `segments` for {@link changedFlagKeys}. */
export function captureState(flags: readonly FeatureFlag[], segments: readonly Segment[]): LoadedState {
  const state: LoadedState = { flags: new Map(), segments: new Map() };
  for (const flag of flags) {
    const updated = flag.updatedAt instanceof Date ? flag.updatedAt.getTime() : '';
    state.flags.set(flag.key, {
      fingerprint: `${flag.id}:${flag.version}:${updated}:${flag.status}:${schedulesStamp(flag)}`,
      segmentRefs: segmentRefsOf(flag),
    });
  }
  for (const segment of segments) {
    const updated = segment.updatedAt instanceof Date ? segment.updatedAt.getTime() : '';
    state.segments.set(segment.id, {
      name: segment.name,
      stamp: `${segment.version}:${updated}:${segment.enabled}:${segment.parentSegmentId ?? ''}`,
      parentId: segment.parentSegmentId ?? null,
    });
  }
  return state;
}

/** Ids and names of the segments that changed between two loads, with every descendant of one. */
function changedSegmentRefs(before: LoadedState, after: LoadedState): Set<string> {
  const changed = new Set<string>();
  for (const [id, old] of before.segments) {
    const now = after.segments.get(id);
    if (now === undefined || now.stamp !== old.stamp || now.name !== old.name) changed.add(id).add(old.name);
  }
  for (const [id, now] of after.segments) {
    if (!before.segments.has(id)) changed.add(id).add(now.name);
  }
  // A child matches only when its parent does: a parent's change reaches every descendant.
  let grew = changed.size > 0;
  while (grew) {
    grew = false;
    for (const [id, now] of after.segments) {
      if (!changed.has(id) && now.parentId !== null && changed.has(now.parentId)) {
        changed.add(id).add(now.name);
        grew = true;
      }
    }
  }
  return changed;
}

/**
 * The keys of the flags that may evaluate differently after the change from `before` to `after`:
 * added, removed or rewritten flags (version, status, time schedules), and flags whose rules test a
 * segment that changed (or a descendant of one). Sorted.
 */
export function changedFlagKeys(before: LoadedState, after: LoadedState): string[] {
  const keys = new Set<string>();
  for (const [key, old] of before.flags) {
    const now = after.flags.get(key);
    if (now === undefined || now.fingerprint !== old.fingerprint) keys.add(key);
  }
  for (const key of after.flags.keys()) if (!before.flags.has(key)) keys.add(key);
  const segments = changedSegmentRefs(before, after);
  if (segments.size > 0) {
    for (const [key, now] of after.flags) {
      if (now.segmentRefs.some((ref) => segments.has(ref))) keys.add(key);
    }
  }
  return [...keys].sort();
}
