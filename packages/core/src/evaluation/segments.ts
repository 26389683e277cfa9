import type { EvaluationContext } from '../models/context.js';
import type { Segment } from '../models/segment.js';
import { createSegment } from '../validation/segment.js';
import {
  type ConditionTest,
  compileCondition,
  isSegmentCondition,
  SEGMENT_BROKEN,
  SEGMENT_MATCH,
  SEGMENT_NO_MATCH,
  type SegmentLookup,
  type SegmentMatch,
} from './operators/index.js';

/** A segment compiled once per stored version; shared by every index that holds that version. */
export interface CompiledSegment {
  version: number;
  updatedAtMs: number;
  /** The stored `parentSegmentId`: deleting a parent sets it to null without a new version. */
  storedParentId: unknown;
  enabled: boolean;
  parentId: string | null;
  tests: ConditionTest[];
  /** Operands of its segment conditions (ids or names of other segments). */
  refs: string[];
  /** False when the stored segment no longer validates: it is broken. */
  valid: boolean;
}

/** Compiles one segment; an `EvaluationCache` passes one that remembers. */
export type SegmentCompiler = (segment: Segment) => CompiledSegment;

/** A segment in one index: the compiled segment plus what depends on its neighbours. */
interface IndexedSegment {
  compiled: CompiledSegment;
  parent: IndexedSegment | null;
  /** Dangling parent: the segment can never match. */
  orphan: boolean;
  /** On, or leading into, a reference cycle (or invalid): no segment condition on it holds. */
  broken: boolean;
}

/** Indexes by array, for callers without an `EvaluationCache`: keyed by the array itself. */
const indexes = new WeakMap<readonly Segment[], SegmentIndex>();
/** Compiled segments by segment object: keyed by the object itself, so two segments never share an entry. */
const byObject = new WeakMap<Segment, CompiledSegment>();

const updatedAtMsOf = (segment: Segment): number =>
  segment.updatedAt instanceof Date ? segment.updatedAt.getTime() : Number.NaN;

/** Whether `compiled` was built from this version of `segment` (its parent may be nulled without a new version). */
export function isSegmentCompiledFrom(compiled: CompiledSegment, segment: Segment): boolean {
  return (
    compiled.version === segment.version &&
    compiled.updatedAtMs === updatedAtMsOf(segment) &&
    compiled.storedParentId === segment.parentSegmentId
  );
}

/** Compiles a stored segment, once per segment object and version. */
function compileOnce(segment: Segment): CompiledSegment {
  const known = byObject.get(segment);
  if (known !== undefined && isSegmentCompiledFrom(known, segment)) return known;
  const compiled = compileSegment(segment);
  byObject.set(segment, compiled);
  return compiled;
}

/** Validates and compiles a stored segment; one that no longer validates compiles as broken. No caching. */
export function compileSegment(segment: Segment): CompiledSegment {
  const updatedAtMs = updatedAtMsOf(segment);
  try {
    const valid = createSegment(segment);
    return {
      version: segment.version,
      updatedAtMs,
      storedParentId: segment.parentSegmentId,
      enabled: valid.enabled,
      parentId: valid.parentSegmentId,
      tests: valid.conditions.map(compileCondition),
      refs: valid.conditions.filter(isSegmentCondition).map((c) => String(c.value)),
      valid: true,
    };
  } catch {
    return {
      version: segment.version,
      updatedAtMs,
      storedParentId: segment.parentSegmentId,
      enabled: false,
      parentId: null,
      tests: [],
      refs: [],
      valid: false,
    };
  }
}

/**
 * The segments of one evaluation (or many), indexed by id and by name with their conditions compiled
 * and their reference graph checked for cycles once, when the index is built. Membership tests then
 * never recurse into a cycle, so they always end.
 */
export class SegmentIndex implements SegmentLookup {
  /** An index holding no segment. */
  static readonly EMPTY = new SegmentIndex([]);

  private readonly byId = new Map<string, IndexedSegment>();
  /** Ids and names together, an id winning over another segment's equal name: one lookup per reference. */
  private readonly byRef = new Map<string, IndexedSegment>();

  /**
   * The index of `segments`, built once per array (repeated calls with the same array are free). A
   * reader that gets a new array of copies on every read reuses indexes through an `EvaluationCache`.
   */
  static of(segments: readonly Segment[]): SegmentIndex {
    const known = indexes.get(segments);
    if (known !== undefined) return known;
    const index = new SegmentIndex(segments);
    indexes.set(segments, index);
    return index;
  }

  /**
   * Indexes `segments` (use {@link SegmentIndex.of} to reuse the index of an array), compiling each
   * through `compile` (by default once per segment object).
   */
  constructor(segments: readonly Segment[], compile: SegmentCompiler = compileOnce) {
    for (const segment of segments) {
      if (segment === null || typeof segment !== 'object' || typeof segment.id !== 'string') continue;
      const node: IndexedSegment = { compiled: compile(segment), parent: null, orphan: false, broken: false };
      this.byId.set(segment.id, node);
      if (typeof segment.name === 'string' && !this.byRef.has(segment.name)) this.byRef.set(segment.name, node);
    }
    for (const [id, node] of this.byId) this.byRef.set(id, node);
    for (const node of this.byId.values()) {
      const { parentId, valid } = node.compiled;
      node.broken = !valid;
      if (parentId !== null) {
        node.parent = this.byId.get(parentId) ?? null;
        node.orphan = node.parent === null;
      }
    }
    this.markCycles();
  }

  /** The number of segments indexed. */
  get size(): number {
    return this.byId.size;
  }

  private resolve(ref: string): IndexedSegment | undefined {
    return this.byRef.get(ref);
  }

  /** What a membership test of `node` may evaluate next: its parent and the segments its conditions name. */
  private edges(node: IndexedSegment): IndexedSegment[] {
    // A disabled segment decides without looking further, so no cycle passes through it.
    if (!node.compiled.enabled) return [];
    const out: IndexedSegment[] = [];
    if (node.parent !== null) out.push(node.parent);
    for (const ref of node.compiled.refs) {
      const target = this.resolve(ref);
      if (target !== undefined) out.push(target);
    }
    return out;
  }

  /** Depth-first, iterative (deep chains cannot overflow the stack): every node that can reach a cycle is broken. */
  private markCycles(): void {
    const state = new Map<IndexedSegment, 1 | 2>(); // 1 = on the path, 2 = finished
    for (const root of this.byId.values()) {
      if (state.has(root)) continue;
      const path: { node: IndexedSegment; next: IndexedSegment[]; at: number }[] = [];
      state.set(root, 1);
      path.push({ node: root, next: this.edges(root), at: 0 });
      while (path.length > 0) {
        const top = path[path.length - 1]!;
        if (top.at < top.next.length) {
          const target = top.next[top.at++]!;
          const seen = state.get(target);
          if (seen === 1) {
            // Every node on the path reaches `target`, which reaches itself.
            for (const frame of path) frame.node.broken = true;
          } else if (seen === 2) {
            if (target.broken) top.node.broken = true;
          } else {
            state.set(target, 1);
            path.push({ node: target, next: this.edges(target), at: 0 });
          }
          continue;
        }
        state.set(top.node, 2);
        path.pop();
        const below = path[path.length - 1];
        if (below !== undefined && top.node.broken) below.node.broken = true;
      }
    }
  }

  private matchNode(node: IndexedSegment, context: EvaluationContext): SegmentMatch {
    // Nothing a non-broken segment reaches is broken, so only the first needs the check.
    if (node.broken) return SEGMENT_BROKEN;
    // A loop, not recursion, up the parents: chains of any depth cannot overflow the stack.
    for (let current: IndexedSegment | null = node; current !== null; current = current.parent) {
      const { compiled } = current;
      if (!compiled.enabled || current.orphan) return SEGMENT_NO_MATCH;
      for (const test of compiled.tests) if (!test(context, this)) return SEGMENT_NO_MATCH;
    }
    return SEGMENT_MATCH;
  }

  /**
   * Membership of `context` in the segment whose id (else name) is `ref`: a child matches only when
   * its parent matches too, recursively; a disabled or unknown segment holds nobody; a segment on or
   * leading into a reference cycle, or stored invalid, is {@link SEGMENT_BROKEN}.
   */
  membership(ref: string, context: EvaluationContext): SegmentMatch {
    const node = this.resolve(ref);
    return node === undefined ? SEGMENT_NO_MATCH : this.matchNode(node, context);
  }
}
