import { ConflictError, createSegment, NotFoundError, type Segment, type SegmentInput } from '@flags/core';
import { PACKAGE, requireFreeId, requireIndex } from './checks.js';
import { type StoreDocument, Unchanged } from './document.js';

function requireFreeName(document: StoreDocument, segment: Segment): void {
  if (document.segments.some((stored) => stored.name === segment.name && stored.id !== segment.id)) {
    throw new ConflictError(`${PACKAGE} segment name "${segment.name}" is taken`);
  }
}

function requireParent(document: StoreDocument, segment: Segment): void {
  const parentId = segment.parentSegmentId;
  if (parentId !== null && !document.segments.some((stored) => stored.id === parentId)) {
    throw new NotFoundError(`${PACKAGE} parent segment "${parentId}" does not exist`);
  }
}

/** createSegment: a taken name or id and an unknown parent refused, stored at version 1. */
export function insertSegment(document: StoreDocument, input: SegmentInput, now: Date): Segment {
  const segment = createSegment(input);
  requireFreeName(document, segment);
  requireFreeId(document.segments, segment.id, 'segment');
  requireParent(document, segment);
  const created: Segment = { ...segment, version: 1, createdAt: now, updatedAt: now };
  document.segments.push(created);
  return created;
}

/** updateSegment: versioned like flags; a taken name and an unknown parent refused. */
export function replaceSegment(document: StoreDocument, input: Segment | SegmentInput, now: Date): Segment {
  const segment = createSegment(input);
  const index = requireIndex(document.segments, segment.id, 'segment');
  const current = document.segments[index]!;
  if (segment.version !== current.version) {
    throw new ConflictError(
      `${PACKAGE} segment "${segment.id}" is at version ${current.version}, not ${segment.version}`,
    );
  }
  requireFreeName(document, segment);
  requireParent(document, segment);
  const updated: Segment = { ...segment, version: current.version + 1, createdAt: current.createdAt, updatedAt: now };
  document.segments[index] = updated;
  return updated;
}

/** deleteSegment: its children lose their parent in the same write. */
export function removeSegment(document: StoreDocument, id: string): boolean | Unchanged<boolean> {
  if (!document.segments.some((stored) => stored.id === id)) return new Unchanged(false);
  document.segments = document.segments
    .filter((stored) => stored.id !== id)
    .map((stored) => (stored.parentSegmentId === id ? { ...stored, parentSegmentId: null } : stored));
  return true;
}
