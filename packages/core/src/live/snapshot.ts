import { SegmentIndex } from '../evaluation/segments.js';
import type { FeatureFlag } from '../models/flag.js';
import type { Segment } from '../models/segment.js';

/**
 * Every flag (with its time schedules) and every segment of a store, held in memory. Updated in place
 * by synchronous steps only, so an evaluation (synchronous too) always sees one consistent state.
 */
export class FlagSnapshot {
  private readonly byKey = new Map<string, FeatureFlag>();
  private readonly keyById = new Map<string, string>();
  private sortedKeys: string[] | null = null;
  private segmentList: readonly Segment[] = [];
  /** The segments indexed for `in_segment` conditions; rebuilt only when the segments change. */
  segments: SegmentIndex = SegmentIndex.EMPTY;

  /** The flag with this key, or undefined. */
  flag(key: string): FeatureFlag | undefined {
    return this.byKey.get(key);
  }

  /** The key of the flag with this id, or undefined. */
  keyOf(flagId: string): string | undefined {
    return this.keyById.get(flagId);
  }

  /** Every flag key, sorted (cached until the flags change). */
  keys(): readonly string[] {
    this.sortedKeys ??= [...this.byKey.keys()].sort();
    return this.sortedKeys;
  }

  /** Every flag, in no set order. */
  flags(): IterableIterator<FeatureFlag> {
    return this.byKey.values();
  }

  /** Every segment as last loaded. */
  segmentsList(): readonly Segment[] {
    return this.segmentList;
  }

  get flagCount(): number {
    return this.byKey.size;
  }

  /** Replaces everything: a full load. */
  replaceAll(flags: readonly FeatureFlag[], segments: readonly Segment[]): void {
    this.byKey.clear();
    this.keyById.clear();
    for (const flag of flags) this.put(flag);
    this.setSegments(segments);
  }

  /**
   * Stores (or replaces) one flag. It is compiled on its first evaluation, once per version (the
   * compiled form is kept with the flag object), so a load of thousands of flags costs no compile.
   */
  put(flag: FeatureFlag): void {
    const previous = this.byKey.get(flag.key);
    if (previous !== undefined && previous.id !== flag.id) this.keyById.delete(previous.id);
    if (previous === undefined) this.sortedKeys = null;
    this.byKey.set(flag.key, flag);
    this.keyById.set(flag.id, flag.key);
  }

  /** Removes the flag with this key; false when there was none. */
  remove(key: string): boolean {
    const previous = this.byKey.get(key);
    if (previous === undefined) return false;
    this.byKey.delete(key);
    this.keyById.delete(previous.id);
    this.sortedKeys = null;
    return true;
  }

  /** Replaces the segments and their index. */
  setSegments(segments: readonly Segment[]): void {
    this.segmentList = segments;
    this.segments = new SegmentIndex(segments);
  }
}
