import { LruCache } from '../caching/lru-cache.js';
import type { FeatureFlag } from '../models/flag.js';
import type { Segment } from '../models/segment.js';
import {
  buildCompiledFlag,
  COMPILED_FLAG_LIMIT,
  type CompiledFlag,
  type InvalidFlag,
  isCompiledFrom,
} from './compile-flag.js';
import { type CompiledSegment, compileSegment, isSegmentCompiledFrom, SegmentIndex } from './segments.js';

/** Options of {@link EvaluationCache}. */
export interface EvaluationCacheOptions {
  /** Most flags kept compiled; the least recently used is dropped past it. @default 10000 */
  maxFlags?: number;
  /** Most segments kept compiled; the least recently used is dropped past it. @default 10000 */
  maxSegments?: number;
}

/** What identifies a stored segment's version: `[id, name, version, updatedAt ms, parentSegmentId]`. */
type Fingerprint = readonly [unknown, unknown, unknown, number, unknown];

const updatedAtMsOf = (value: { updatedAt: unknown }): number =>
  value.updatedAt instanceof Date ? value.updatedAt.getTime() : Number.NaN;

const isSegmentLike = (segment: Segment): boolean =>
  segment !== null && typeof segment === 'object' && typeof segment.id === 'string';

/** The fingerprints of `segments`, or null when an entry is not segment-like (never reused then). */
function fingerprint(segments: readonly Segment[]): Fingerprint[] | null {
  if (!segments.every(isSegmentLike)) return null;
  return segments.map((s) => [s.id, s.name, s.version, updatedAtMsOf(s), s.parentSegmentId] as const);
}

/** Whether `segments` are, one by one, the segment versions `print` was taken of. Allocates nothing. */
function matchesFingerprint(segments: readonly Segment[], print: readonly Fingerprint[]): boolean {
  if (segments.length !== print.length) return false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const [id, name, version, updatedAtMs, parentId] = print[i]!;
    if (
      !isSegmentLike(segment) ||
      segment.id !== id ||
      segment.name !== name ||
      segment.version !== version ||
      updatedAtMsOf(segment) !== updatedAtMs ||
      segment.parentSegmentId !== parentId
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Compiled flags and segment indexes of one reader of one store, e.g. one per client. A backend
 * returns new copies on every read, so versions are recognised by id, `version` and `updatedAt` —
 * which every write of a store changes. That is only an identity within one store: two stores may
 * hold different flags under the same id, version and timestamp, so each reader owns its cache and
 * never shares it with a reader of another store. Bounded (least recently used dropped first).
 */
export class EvaluationCache {
  readonly #flags: LruCache<string, CompiledFlag | InvalidFlag>;
  readonly #segments: LruCache<string, CompiledSegment>;
  readonly #compileSegment = (segment: Segment): CompiledSegment => this.#segment(segment);
  /** The index built last, with the array it came from and its fingerprint. */
  #lastIndexed: { segments: readonly Segment[]; fingerprint: Fingerprint[]; index: SegmentIndex } | null = null;

  constructor(options: EvaluationCacheOptions = {}) {
    this.#flags = new LruCache(options.maxFlags ?? COMPILED_FLAG_LIMIT);
    this.#segments = new LruCache(options.maxSegments ?? COMPILED_FLAG_LIMIT);
  }

  /** The compiled form of `flag`, built once per version (see `compileFlag`). Never throws. */
  flag(flag: FeatureFlag): CompiledFlag | InvalidFlag {
    const id = typeof flag === 'object' && flag !== null && typeof flag.id === 'string' ? flag.id : null;
    if (id === null) return buildCompiledFlag(flag);
    const known = this.#flags.get(id);
    if (known !== undefined && isCompiledFrom(known, flag)) return known;
    const compiled = buildCompiledFlag(flag);
    this.#flags.set(id, compiled);
    return compiled;
  }

  /**
   * The index of `segments`, reused for the same array and for another array holding the same
   * versions of the same segments as the last one (each read of a backend is a new array of copies).
   */
  segmentIndex(segments: readonly Segment[]): SegmentIndex {
    const last = this.#lastIndexed;
    if (last !== null && (last.segments === segments || matchesFingerprint(segments, last.fingerprint))) {
      return last.index;
    }
    const index = new SegmentIndex(segments, this.#compileSegment);
    const print = fingerprint(segments);
    this.#lastIndexed = print === null ? null : { segments, fingerprint: print, index };
    return index;
  }

  /** Forgets everything compiled. */
  clear(): void {
    this.#flags.clear();
    this.#segments.clear();
    this.#lastIndexed = null;
  }

  #segment(segment: Segment): CompiledSegment {
    const known = this.#segments.get(segment.id);
    if (known !== undefined && isSegmentCompiledFrom(known, segment)) return known;
    const compiled = compileSegment(segment);
    this.#segments.set(segment.id, compiled);
    return compiled;
  }
}
