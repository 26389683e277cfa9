import type { Condition } from './flag.js';

/** A named, reusable set of conditions. A child matches only when its parent matches too. */
export interface Segment {
  id: string;
  /** Unique. */
  name: string;
  description: string | null;
  /** ANDed; empty matches everyone. */
  conditions: Condition[];
  parentSegmentId: string | null;
  /** A disabled segment never matches. */
  enabled: boolean;
  /** Starts at 1; +1 on every successful update. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
