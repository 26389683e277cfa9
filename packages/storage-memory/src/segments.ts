import type { Segment, SegmentInput } from '@flags/core';
import { ConflictError, copySegment, createSegment, NotFoundError } from '@flags/core';
import { journal } from './journal.js';
import { compareText, copyAll, copyDate, PACKAGE } from './support.js';
import { addToIndex, type MemoryTables, removeFromIndex } from './tables.js';

function byName(a: Segment, b: Segment): number {
  return compareText(a.name, b.name) || compareText(a.id, b.id);
}

function requireParent(tables: MemoryTables, segment: Segment): void {
  const parentId = segment.parentSegmentId;
  // A segment may name itself as parent on update: a cycle is stored as is and simply never matches.
  if (parentId !== null && parentId !== segment.id && !tables.segmentsById.has(parentId)) {
    throw new NotFoundError(`${PACKAGE} no segment has id "${parentId}" (parentSegmentId)`);
  }
}

export function getSegment(tables: MemoryTables, id: string): Segment | null {
  const segment = tables.segmentsById.get(id);
  return segment ? copySegment(segment) : null;
}

export function getSegmentByName(tables: MemoryTables, name: string): Segment | null {
  const id = tables.segmentIdsByName.get(name);
  return id === undefined ? null : copySegment(tables.segmentsById.get(id)!);
}

/** Every segment by name then id; the sorted list is kept between writes (evaluations read it often). */
export function getAllSegments(tables: MemoryTables): Segment[] {
  tables.sortedSegments ??= [...tables.segmentsById.values()].sort(byName);
  return copyAll(tables.sortedSegments, copySegment);
}

export function getChildSegments(tables: MemoryTables, parentId: string): Segment[] {
  const ids = tables.childIdsByParent.get(parentId) ?? [];
  return copyAll([...ids].map((id) => tables.segmentsById.get(id)!).sort(byName), copySegment);
}

export function insertSegment(tables: MemoryTables, input: SegmentInput, now: Date): Segment {
  const segment = createSegment(input);
  if (tables.segmentIdsByName.has(segment.name)) {
    throw new ConflictError(`${PACKAGE} segment name "${segment.name}" is taken`);
  }
  if (tables.segmentsById.has(segment.id)) throw new ConflictError(`${PACKAGE} segment id "${segment.id}" is taken`);
  if (segment.parentSegmentId === segment.id) {
    throw new NotFoundError(`${PACKAGE} no segment has id "${segment.id}" (parentSegmentId)`);
  }
  requireParent(tables, segment);
  const stored: Segment = { ...segment, version: 1, createdAt: now, updatedAt: copyDate(now) };
  tables.segmentsById.set(stored.id, stored);
  tables.segmentIdsByName.set(stored.name, stored.id);
  if (stored.parentSegmentId !== null) addToIndex(tables.childIdsByParent, stored.parentSegmentId, stored.id);
  tables.sortedSegments = null;
  journal(tables, 'segment', 'upsert', stored);
  return copySegment(stored);
}

export function replaceSegment(tables: MemoryTables, input: Segment | SegmentInput, now: Date): Segment {
  const segment = createSegment(input);
  const current = tables.segmentsById.get(segment.id);
  if (!current) throw new NotFoundError(`${PACKAGE} no segment has id "${segment.id}"`);
  if (segment.version !== current.version) {
    throw new ConflictError(
      `${PACKAGE} segment "${current.name}" is at version ${current.version}, the update carried version ${segment.version}`,
    );
  }
  const holder = tables.segmentIdsByName.get(segment.name);
  if (holder !== undefined && holder !== segment.id) {
    throw new ConflictError(`${PACKAGE} segment name "${segment.name}" is taken`);
  }
  requireParent(tables, segment);
  const stored: Segment = { ...segment, version: current.version + 1, createdAt: current.createdAt, updatedAt: now };
  tables.segmentsById.set(stored.id, stored);
  tables.segmentIdsByName.delete(current.name);
  tables.segmentIdsByName.set(stored.name, stored.id);
  if (current.parentSegmentId !== null) removeFromIndex(tables.childIdsByParent, current.parentSegmentId, current.id);
  if (stored.parentSegmentId !== null) addToIndex(tables.childIdsByParent, stored.parentSegmentId, stored.id);
  tables.sortedSegments = null;
  journal(tables, 'segment', 'upsert', stored);
  return copySegment(stored);
}

/**
 * Deletes the segment; its children lose their parent (`parentSegmentId` null). Their `version` and
 * `updatedAt` stay as they were, as with a SQL `ON DELETE SET NULL`, so every backend agrees.
 */
export function removeSegment(tables: MemoryTables, id: string): boolean {
  const current = tables.segmentsById.get(id);
  if (!current) return false;
  tables.segmentsById.delete(id);
  journal(tables, 'segment', 'delete', current);
  tables.segmentIdsByName.delete(current.name);
  if (current.parentSegmentId !== null) removeFromIndex(tables.childIdsByParent, current.parentSegmentId, id);
  for (const childId of tables.childIdsByParent.get(id) ?? []) {
    const child = tables.segmentsById.get(childId);
    if (!child) continue;
    tables.segmentsById.set(childId, { ...child, parentSegmentId: null });
    journal(tables, 'segment', 'upsert', child);
  }
  tables.childIdsByParent.delete(id);
  tables.sortedSegments = null;
  return true;
}
