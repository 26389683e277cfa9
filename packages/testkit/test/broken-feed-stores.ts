import type {
  ChangeBatch,
  FeatureFlag,
  FeatureFlagInput,
  FeedRetention,
  GetChangesOptions,
  WriteOptions,
} from '@flags/core';
import { type ReferenceDocument, type ReferenceState, ReferenceStorageBackend, Unchanged } from '../src/index.js';
import { ReferenceFeed } from '../src/reference/feed.js';

/**
 * Reference stores whose change feed has one deliberate defect each, for the self-test of the feed
 * groups.
 */

/** The feed leaves out deletes. */
export class FeedDropsDeletesStore extends ReferenceStorageBackend {
  override async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    const batch = await super.getChanges(since, options);
    return batch.reset ? batch : { ...batch, changes: batch.changes.filter((c) => c.op !== 'delete') };
  }
}

/** updateFlag records its change before checking anything, so a refused update still shows in the feed. */
export class FeedRecordsRejectedStore extends ReferenceStorageBackend {
  override updateFlag(input: FeatureFlag | FeatureFlagInput, options?: WriteOptions): Promise<FeatureFlag> {
    const feed = this.document.feed;
    feed.head += 1;
    feed.entries.push({
      change: { revision: feed.head, kind: 'flag', id: String(input.id), op: 'upsert', flagKey: input.key },
      at: Date.now(),
    });
    return super.updateFlag(input, options);
  }
}

/** Hands each page out newest first. */
export class FeedReordersStore extends ReferenceStorageBackend {
  override async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    const batch = await super.getChanges(since, options);
    return batch.reset ? batch : { ...batch, changes: [...batch.changes].reverse() };
  }
}

/** Answers a reader from before the retained changes with what is left instead of `reset`. */
export class FeedNeverResetsStore extends ReferenceStorageBackend {
  override async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    const batch = await super.getChanges(since, options);
    if (!batch.reset || since === null || since > batch.revision) return batch;
    return super.getChanges(null, options);
  }
}

/** Keeps its feed per instance, not with the data: another instance's writes never appear. */
export class FeedPerInstanceStore extends ReferenceStorageBackend {
  readonly #feed = new ReferenceFeed();

  protected override async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    const before = this.document.state;
    const result = await super.write(change);
    if (this.document.state !== before) {
      this.#feed.record(before, this.document.state, Date.now(), { maxChanges: 10_000, maxAgeMs: null });
    }
    return result;
  }

  override async getChanges(since: number | null, options?: GetChangesOptions): Promise<ChangeBatch> {
    await super.getChanges(since, options); // same argument checks
    return this.#feed.read(since, options?.limit ?? 1000);
  }
}

/**
 * Numbers a write's changes when it starts (a sequence value taken before commit) and commits later:
 * a write that started first but commits last lands below a revision a reader has already seen.
 */
export class FeedOutboxGapStore extends ReferenceStorageBackend {
  constructor(
    document?: ReferenceDocument,
    options?: { feedRetention?: FeedRetention },
    private readonly pause?: () => Promise<void>,
  ) {
    super(document, options);
  }

  protected override async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    const feed = this.document.feed;
    feed.head += 1;
    const reserved = feed.head;
    await this.pause?.();
    const before = this.document.state;
    const draft = structuredClone(before);
    const result = change(draft, new Date());
    if (result instanceof Unchanged) return result.answer;
    draft.revision += 1;
    const scratch = new ReferenceFeed();
    scratch.record(before, draft, Date.now(), { maxChanges: 10_000, maxAgeMs: null });
    for (const entry of scratch.entries)
      feed.entries.push({ ...entry, change: { ...entry.change, revision: reserved } });
    feed.entries.sort((a, b) => a.change.revision - b.change.revision);
    this.document.state = draft;
    return structuredClone(result);
  }
}

/**
 * A new store's feed counts from 0: after the store lost its data, the new changes reuse revisions a
 * reader of the lost feed holds, and that reader is handed them instead of `reset`.
 */
export class FeedCountsFromZeroStore extends ReferenceStorageBackend {
  constructor(document?: ReferenceDocument, options?: { feedRetention?: FeedRetention }) {
    super(document, options);
    if (document === undefined) {
      this.document.feed.head = 0;
      this.document.feed.floor = 0;
    }
  }
}

/** Offers `subscribe` but never calls the listener. */
export class FeedDeafSubscribeStore extends ReferenceStorageBackend {
  override async subscribe(): Promise<() => Promise<void>> {
    return async () => {};
  }
}

/** Appends to its feed by read-modify-write across an await: changes of writes in between are lost. */
export class FeedRacyStore extends ReferenceStorageBackend {
  protected override async write<T>(change: (draft: ReferenceState, now: Date) => T | Unchanged<T>): Promise<T> {
    const kept = this.document.feed.entries.slice();
    await new Promise((resolve) => setTimeout(resolve, 1));
    const from = this.document.feed.entries.length;
    const result = await super.write(change);
    this.document.feed.entries = [...kept, ...this.document.feed.entries.slice(from)];
    return result;
  }
}
