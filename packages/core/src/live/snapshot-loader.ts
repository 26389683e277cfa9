import type { FeatureFlag } from '../models/flag.js';
import type { Segment } from '../models/segment.js';
import type { StorageBackend } from '../storage/backend.js';
import type { ChangeBatch, StorageChange } from '../storage/change-feed.js';
import { type ChangePlan, planChanges } from './changes.js';
import type { EntityOverrides } from './entity-overrides.js';
import { changedSegments, flagsUsingSegments } from './segment-users.js';
import type { FlagSnapshot } from './snapshot.js';

/** Changes read per `getChanges` call. */
export const FEED_PAGE = 1000;

/** Runs one storage call under the client's time limit (`load`: the longer one of a full load). */
export type Guarded = <T>(what: string, work: () => Promise<T>, load?: boolean) => Promise<T>;

function fingerprint(flag: FeatureFlag): string {
  let print = `${flag.id}|${flag.version}|${flag.updatedAt.getTime()}|${flag.status}`;
  for (const schedule of flag.timeSchedules) print += `|${schedule.id}@${schedule.updatedAt.getTime()}`;
  return print;
}

/** Keys of the flags that differ between two full loads, plus the users of segments that differ. */
function diff(
  before: Map<string, string>,
  flags: readonly FeatureFlag[],
  oldSegments: readonly Segment[],
  segments: readonly Segment[],
): Set<string> {
  const keys = new Set<string>();
  for (const flag of flags) {
    if (before.get(flag.key) !== fingerprint(flag)) keys.add(flag.key);
    before.delete(flag.key);
  }
  for (const key of before.keys()) keys.add(key);
  const changed = changedSegments(oldSegments, segments);
  for (const key of flagsUsingSegments(changed, [...segments, ...oldSegments], flags)) keys.add(key);
  return keys;
}

/** Loads a snapshot from the store and applies the change feed to it. */
export class SnapshotLoader {
  constructor(
    private readonly storage: StorageBackend,
    private readonly snapshot: FlagSnapshot,
    private readonly overrides: EntityOverrides,
    private readonly guard: Guarded,
  ) {}

  /**
   * The newest revision of the feed: asked from beyond any revision, the feed answers `reset` with its
   * head, in one small call (reading the retained changes to reach it would carry thousands of them at
   * a cold start). A backend that answers otherwise has its feed read page by page to the head.
   */
  async headRevision(): Promise<number> {
    const probe = await this.guard('getChanges', () => this.storage.getChanges(Number.MAX_SAFE_INTEGER), true);
    if (probe.reset === true) return probe.revision;
    let since: number | null = null;
    for (;;) {
      const from: number | null = since;
      const batch: ChangeBatch = await this.guard(
        'getChanges',
        () => this.storage.getChanges(from, { limit: FEED_PAGE * 10 }),
        true,
      );
      if (batch.reset === true || batch.changes.length < FEED_PAGE * 10) return batch.revision;
      since = batch.revision;
    }
  }

  /**
   * Reads every flag and segment, replacing the snapshot (and forgetting cached overrides).
   * @returns the feed revision the snapshot is at, and the keys of the flags that differ from before.
   */
  async loadAll(hadSnapshot: boolean): Promise<{ revision: number; changed: Set<string> }> {
    // The revision is read first: whatever is written meanwhile is applied again from the feed.
    const revision = await this.headRevision();
    const [flags, segments] = await Promise.all([
      this.guard('getAllFlags', () => this.storage.getAllFlags(), true),
      this.guard('getAllSegments', () => this.storage.getAllSegments(), true),
    ]);
    let changed = new Set<string>();
    if (hadSnapshot) {
      const before = new Map<string, string>();
      for (const flag of this.snapshot.flags()) before.set(flag.key, fingerprint(flag));
      changed = diff(before, flags, this.snapshot.segmentsList(), segments);
    }
    this.snapshot.replaceAll(flags, segments);
    this.overrides.clear();
    return { revision, changed };
  }

  /**
   * Brings the snapshot from `since` to the head of the feed, reading again only what changed.
   * @returns the new revision and the keys of the flags whose answers may have changed, or `reset`
   *   when the feed no longer holds `since` (the caller reloads everything).
   */
  async follow(since: number): Promise<{ revision: number; changed: Set<string> } | 'reset'> {
    const changed = new Set<string>();
    let revision = since;
    for (;;) {
      const from = revision;
      const batch = await this.guard('getChanges', () => this.storage.getChanges(from, { limit: FEED_PAGE }));
      if (batch.reset === true) return 'reset';
      if (batch.changes.length > 0) {
        const applied = await this.apply(batch.changes);
        if (applied === 'reset') return 'reset';
        for (const key of applied) changed.add(key);
      }
      revision = batch.revision;
      if (batch.changes.length < FEED_PAGE) return { revision, changed };
    }
  }

  private async apply(changes: readonly StorageChange[]): Promise<Set<string> | 'reset'> {
    const plan: ChangePlan = planChanges(changes, (id) => this.snapshot.keyOf(id));
    if (plan.reload) return 'reset';
    // Before any read: a read of these entities already in flight must not be cached.
    for (const entity of plan.entities.values()) this.overrides.evict(entity.entityType, entity.entityId);
    const keys = [...plan.flagKeys];
    const [flags, segments] = await Promise.all([
      keys.length > 0 ? this.guard('getFlags', () => this.storage.getFlags(keys)) : null,
      plan.segments ? this.guard('getAllSegments', () => this.storage.getAllSegments()) : null,
    ]);
    const changed = new Set<string>(keys);
    for (const key of keys) {
      const flag = flags?.get(key);
      if (flag !== undefined) this.snapshot.put(flag);
      else this.snapshot.remove(key);
    }
    if (segments !== null) {
      const before = this.snapshot.segmentsList();
      const moved = changedSegments(before, segments);
      this.snapshot.setSegments(segments);
      for (const key of flagsUsingSegments(moved, [...segments, ...before], this.snapshot.flags())) changed.add(key);
    }
    return changed;
  }
}
