import type { EvaluationContext } from '../../models/context.js';

/** The context is in the segment. */
export const SEGMENT_MATCH = 1;
/** The context is not in the segment (or the segment is disabled or unknown). */
export const SEGMENT_NO_MATCH = 0;
/** The segment cannot be evaluated (a reference cycle or invalid stored data): no segment condition on it holds. */
export const SEGMENT_BROKEN = -1;
/** Outcome of a segment membership test. */
export type SegmentMatch = typeof SEGMENT_MATCH | typeof SEGMENT_NO_MATCH | typeof SEGMENT_BROKEN;

/** What segment conditions consult at evaluation time. */
export interface SegmentLookup {
  /** Membership of the context in the segment with this id or, failing that, this name. */
  membership(ref: string, context: EvaluationContext): SegmentMatch;
}

/** A compiled condition: true when the context passes it. Never throws. */
export type ConditionTest = (context: EvaluationContext, segments: SegmentLookup) => boolean;

/** A compiled test of a PRESENT attribute value (neither undefined nor null). */
export type ValueTest = (value: unknown) => boolean;
