import type { Segment } from '../models/segment.js';

/** The segments with every parent before its children, so they can be created in this order. */
export function parentsFirst(segments: readonly Segment[]): Segment[] {
  const byId = new Map(segments.map((segment) => [segment.id, segment]));
  const placed = new Set<string>();
  const ordered: Segment[] = [];
  const place = (segment: Segment, depth: number): void => {
    if (placed.has(segment.id)) return;
    placed.add(segment.id);
    const parent = segment.parentSegmentId === null ? undefined : byId.get(segment.parentSegmentId);
    // A cycle (only direct edits of stored data can make one) ends the walk instead of looping.
    if (parent !== undefined && depth < segments.length) place(parent, depth + 1);
    ordered.push(segment);
  };
  for (const segment of segments) place(segment, 0);
  return ordered;
}
