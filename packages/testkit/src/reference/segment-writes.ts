import { ConflictError, createSegment, NotFoundError, type Segment, type SegmentInput } from '@flags/core';
import { PREFIX, type ReferenceState, requireFreeId, requireIndex, Unchanged } from './document.js';

// Each function edits a draft document synchronously and returns what the store method returns.

function requireFreeName(s: ReferenceState, segment: Segment): void {
  if (s.segments.some((g) => g.name === segment.name && g.id !== segment.id)) {
    throw new ConflictError(`${PREFIX} segment name "${segment.name}" is taken`);
  }
}

function requireParent(s: ReferenceState, segment: Segment): void {
  const parent = segment.parentSegmentId;
  if (parent !== null && !s.segments.some((g) => g.id === parent)) {
    throw new NotFoundError(`${PREFIX} parent segment "${parent}" does not exist`);
  }
}

/** createSegment: validates, refuses a taken name or id and an unknown parent, stores at version 1. */
export function insertSegment(s: ReferenceState, input: SegmentInput, now: Date): Segment {
  const segment = createSegment(input);
  requireFreeName(s, segment);
  requireFreeId(s.segments, segment.id, 'segment');
  requireParent(s, segment);
  const stored = { ...segment, version: 1, createdAt: now, updatedAt: now };
  s.segments.push(stored);
  return stored;
}

/** updateSegment: validates, compares versions, refuses a taken name and an unknown parent, stores version + 1. */
export function replaceSegment(s: ReferenceState, input: Segment | SegmentInput, now: Date): Segment {
  const segment = createSegment(input);
  const index = requireIndex(s.segments, segment.id, 'segment');
  const current = s.segments[index]!;
  if (segment.version !== current.version) {
    throw new ConflictError(
      `${PREFIX} segment "${segment.id}" is at version ${current.version}, not ${segment.version}`,
    );
  }
  requireFreeName(s, segment);
  requireParent(s, segment);
  const stored = { ...segment, version: current.version + 1, createdAt: current.createdAt, updatedAt: now };
  s.segments[index] = stored;
  return stored;
}

/** deleteSegment: removes it and sets its children's parent to null. */
export function removeSegment(s: ReferenceState, id: string): boolean | Unchanged<boolean> {
  if (!s.segments.some((g) => g.id === id)) return new Unchanged(false);
  s.segments = s.segments
    .filter((g) => g.id !== id)
    .map((g) => (g.parentSegmentId === id ? { ...g, parentSegmentId: null } : g));
  return true;
}
