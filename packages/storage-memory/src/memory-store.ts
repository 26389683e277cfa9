import { generateId } from '@flags/core';
import { ChangeLog, type MemoryFeedSnapshot } from './change-log.js';
import { type MemoryStoreSeed, type MemoryStoreSnapshot, snapshotTables, tablesFromSeed } from './snapshot.js';
import { createTables, type MemoryTables } from './tables.js';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** The change feed to continue (a {@link MemoryStore.feedSnapshot} taken with the seed). @default an empty feed */
  feed?: MemoryFeedSnapshot;
}

/**
 * The data of an in-memory store. Every {@link MemoryStorageBackend} keeps its data in one; hand the
 * same store to several backends (`new MemoryStorageBackend({ store: other.store })`) and they see the
 * same flags, like several connections to one database — closing one leaves the others working.
 *
 * A store can start from data (`new MemoryStore(seed)`: fixtures, or a {@link MemoryStore.snapshot}
 * taken earlier) and hand its data out as plain objects ({@link MemoryStore.snapshot}), e.g. to persist
 * it between runs of a development server.
 */
export class MemoryStore {
  /** @internal */
  readonly tables: MemoryTables;
  /** The change feed of this store, shared by every backend over it. @internal */
  readonly feed: ChangeLog;

  // A random prefix keeps revisions of two stores apart: a cache moved from one store to another
  // never mistakes the new store's revision for the one it saw (a store restored from a snapshot
  // included).
  readonly #instance = generateId();
  #writes = 0;

  /**
   * @param seed the records to start with, validated like the backend's writes (given ids, versions
   *   and timestamps are kept); a {@link MemoryStoreSnapshot} is a seed. @default an empty store
   * @throws ValidationError listing every invalid record, duplicate key, name or id, and reference to
   *   a flag or parent segment the seed does not hold, with paths into the seed (`flags[2].key`).
   */
  constructor(seed?: MemoryStoreSeed, options: MemoryStoreOptions = {}) {
    this.tables = seed === undefined ? createTables() : tablesFromSeed(seed);
    this.feed = new ChangeLog(options.feed);
  }

  /**
   * The change feed as plain data: save it beside {@link MemoryStore.snapshot} and pass both to a new
   * store, and readers of the feed continue where they were instead of reloading everything.
   */
  feedSnapshot(): MemoryFeedSnapshot {
    return this.feed.snapshot();
  }

  /** The current revision token: changes on every successful write. */
  get revision(): string {
    return `${this.#instance}:${this.#writes}`;
  }

  /**
   * Every record as deep copies (the store keeps nothing of the result), ready for
   * `new MemoryStore(snapshot)`. Consistent: writes run synchronously, so none is half-applied. Costs
   * a copy of the whole store; take it when the data changed (compare {@link MemoryStore.revision}).
   */
  snapshot(): MemoryStoreSnapshot {
    return snapshotTables(this.tables);
  }

  /** Records that a write happened. @internal */
  touch(): void {
    this.#writes += 1;
  }
}
