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
interface CompiledSegment {
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

/** A segment in one index: the compiled segment plus what depends on its neighbours. */
interface IndexedSegment {
  compiled: CompiledSegment;
  parent: IndexedSegment | null;
  /** Dangling parent: the segment can never match. */
  orphan: boolean;
  /** On, or leading into, a reference cycle (or invalid): no segment condition on it holds. */
  broken: boolean;
}

const CACHE_LIMIT = 10_000;
const compiledById = new Map<string, CompiledSegment>();
const indexes = new WeakMap<readonly Segment[], SegmentIndex>();

/**
 * What identifies a stored segment's content, `[id, name, version, updatedAt ms, parentSegmentId]`:
 * every write changes `version`, except a parent's deletion, which only nulls `parentSegmentId`.
 */
function fingerprintOf(segment: Segment): unknown[] {
  const updatedAtMs = segment.updatedAt instanceof Date ? segment.updatedAt.getTime() : Number.NaN;
  return [segment.id, segment.name, segment.version, updatedAtMs, segment.parentSegmentId];
}

const isSegmentLike = (segment: Segment): boolean =>
  segment !== null && typeof segment === 'object' && typeof segment.id === 'string';

/** The fingerprints of `segments`, or null when an entry is not segment-like (never reused then). */
function fingerprint(segments: readonly Segment[]): unknown[][] | null {
  return segments.every(isSegmentLike) ? segments.map(fingerprintOf) : null;
}

/** Whether `segments` are, one by one, the segments `print` was taken of. Allocates nothing. */
function matchesFingerprint(segments: readonly Segment[], print: readonly (readonly unknown[])[]): boolean {
  if (segments.length !== print.length) return false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const [id, name, version, updatedAtMs, parentId] = print[i]!;
    if (
      !isSegmentLike(segment) ||
      segment.id !== id ||
      segment.name !== name ||
      segment.version !== version ||
      !(segment.updatedAt instanceof Date && segment.updatedAt.getTime() === updatedAtMs) ||
      segment.parentSegmentId !== parentId
    ) {
      return false;
    }
  }
  return true;
}

/**
 * The index {@link SegmentIndex.of} built last, with its segments' fingerprint. A backend returns a new
 * array (of copies) on every read, so without this every evaluation using segments would index them
 * afresh; with it, an unchanged set of segments reuses the index whatever array it arrives in.
 */
let lastIndexed: { fingerprint: unknown[][]; index: SegmentIndex } | null = null;

function compileSegment(segment: Segment): CompiledSegment {
  const updatedAtMs = segment.updatedAt instanceof Date ? segment.updatedAt.getTime() : Number.NaN;
  const cached = compiledById.get(segment.id);
  if (
    cached !== undefined &&
    cached.version === segment.version &&
    cached.updatedAtMs === updatedAtMs &&
    cached.storedParentId === segment.parentSegmentId
  ) {
    return cached;
  }
  let compiled: CompiledSegment;
  try {
    const valid = createSegment(segment);
    compiled = {
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
    compiled = {
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
  if (compiledById.size >= CACHE_LIMIT) compiledById.delete(compiledById.keys().next().value as string);
  compiledById.set(segment.id, compiled);
  return compiled;
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
   * The index of `segments`, built once per array (repeated calls with the same array are free) and
   * reused for another array holding the same stored versions of the same segments as the last one.
   */
  static of(segments: readonly Segment[]): SegmentIndex {
    const known = indexes.get(segments);
    if (known !== undefined) return known;
    if (lastIndexed !== null && matchesFingerprint(segments, lastIndexed.fingerprint)) return lastIndexed.index;
    const index = new SegmentIndex(segments);
    indexes.set(segments, index);
    const print = fingerprint(segments);
    if (print !== null) lastIndexed = { fingerprint: print, index };
    return index;
  }

  /** Indexes `segments` (use {@link SegmentIndex.of} to reuse the index of an array). */
  constructor(segments: readonly Segment[]) {
    for (const segment of segments) {
      if (segment === null || typeof segment !== 'object' || typeof segment.id !== 'string') continue;
      const node: IndexedSegment = { compiled: compileSegment(segment), parent: null, orphan: false, broken: false };
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
