import { type FeedRetention, type StorageBackend, StorageError } from '@flags/core';
import { MemoryStorageBackend, MemoryStore } from '@flags/storage-memory';
import { JsonFile } from './json-file.js';

/** Starts every error message of this backend. */
const PACKAGE = '[flags-storage-json-file]';

// Files with an open backend in this process. Two backends on one file would each keep a copy of the
// store in memory and overwrite each other's saves, so the second is refused.
const openPaths = new Set<string>();

/** The parameters of a protocol method: every signature below comes from `StorageBackend` itself. */
type Args<Method extends keyof StorageBackend> = Parameters<NonNullable<StorageBackend[Method]>>;

/** Options of {@link JsonFileStorageBackend}. */
export interface JsonFileStorageBackendOptions {
  /** The file that holds the store; the first write creates it (its folder must exist). */
  path: string;
  /** How much of the change feed to keep in memory (see `MemoryStorageBackend`). @default { maxChanges: 10000 } */
  feedRetention?: FeedRetention;
}

/**
 * A `StorageBackend` that keeps a store in one JSON file. The protocol is `@flags/storage-memory`'s:
 * every call goes to a `MemoryStorageBackend` loaded from the file on first use, and every write that
 * changed something saves the store's snapshot, replacing the file atomically (temporary file, fsync,
 * rename). Writes run one at a time and resolve once saved; reads wait for the writes before them.
 * One backend per file: for one process (small deployments, CLIs, dev servers), not several.
 */
export class JsonFileStorageBackend implements StorageBackend {
  readonly #file: JsonFile;
  readonly #feedRetention: FeedRetention | undefined;
  /** The store in memory; `undefined` until first used and after a failed save (the file is the truth). */
  #memory: Promise<MemoryStorageBackend> | undefined;
  /** Settles once every write queued so far has been saved or has failed. */
  #writes: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;
  #closed = false;

  /** @throws StorageError when another backend of this process has the file open. */
  constructor(options: JsonFileStorageBackendOptions) {
    this.#file = new JsonFile(options.path);
    this.#feedRetention = options.feedRetention;
    if (openPaths.has(this.path)) {
      throw new StorageError(`${PACKAGE} ${this.path} is open in another backend: close that one first`);
    }
    openPaths.add(this.path);
  }

  /** The absolute path of the store's file: a new backend on the same path reopens the store. */
  get path(): string {
    return this.#file.path;
  }

  #open(): Promise<MemoryStorageBackend> {
    if (this.#closed) return Promise.reject(new StorageError(`${PACKAGE} the store at ${this.path} is closed`));
    this.#memory ??= this.#load();
    return this.#memory;
  }

  async #load(): Promise<MemoryStorageBackend> {
    try {
      // The seed is validated like a write: a hand-edited file with a bad record is refused, not half-read.
      const contents = await this.#file.load();
      const store = new MemoryStore(contents?.snapshot, { feed: contents?.feed });
      return new MemoryStorageBackend({ store, feedRetention: this.#feedRetention });
    } catch (error) {
      this.#memory = undefined; // the next call tries again
      throw new StorageError(`${PACKAGE} cannot read ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Answers from memory once the writes queued before this read have settled. */
  async #read<T>(query: (memory: MemoryStorageBackend) => Promise<T>): Promise<T> {
    await this.#writes;
    return query(await this.#open());
  }

  /**
   * Applies `write` to the memory store and saves the store, after every earlier write. A write the
   * memory store refuses (validation, conflict, not found) changes nothing there and saves nothing;
   * nor does one that changed nothing (same revision). A failed save drops the memory store, so the
   * next call reloads the file and the unsaved change is gone, as the `StorageError` says.
   */
  #write<T>(write: (memory: MemoryStorageBackend) => Promise<T>): Promise<T> {
    const result = this.#writes.then(async () => {
      const memory = await this.#open();
      const before = memory.store.revision;
      const answer = await write(memory);
      if (memory.store.revision !== before) await this.#save(memory.store);
      return answer;
    });
    this.#writes = result.catch(() => undefined);
    return result;
  }

  async #save(store: MemoryStore): Promise<void> {
    try {
      await this.#file.save({ snapshot: store.snapshot(), feed: store.feedSnapshot() });
    } catch (error) {
      this.#memory = undefined;
      throw new StorageError(`${PACKAGE} cannot write ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  getFlag(...args: Args<'getFlag'>) {
    return this.#read((memory) => memory.getFlag(...args));
  }

  getFlags(...args: Args<'getFlags'>) {
    return this.#read((memory) => memory.getFlags(...args));
  }

  getAllActiveFlags() {
    return this.#read((memory) => memory.getAllActiveFlags());
  }

  getAllFlags() {
    return this.#read((memory) => memory.getAllFlags());
  }

  createFlag(...args: Args<'createFlag'>) {
    return this.#write((memory) => memory.createFlag(...args));
  }

  updateFlag(...args: Args<'updateFlag'>) {
    return this.#write((memory) => memory.updateFlag(...args));
  }

  deleteFlag(...args: Args<'deleteFlag'>) {
    return this.#write((memory) => memory.deleteFlag(...args));
  }

  getOverride(...args: Args<'getOverride'>) {
    return this.#read((memory) => memory.getOverride(...args));
  }

  getOverrides(...args: Args<'getOverrides'>) {
    return this.#read((memory) => memory.getOverrides(...args));
  }

  getOverridesForFlags(...args: Args<'getOverridesForFlags'>) {
    return this.#read((memory) => memory.getOverridesForFlags(...args));
  }

  getOverridesForEntities(...args: Args<'getOverridesForEntities'>) {
    return this.#read((memory) => memory.getOverridesForEntities(...args));
  }

  listOverrides(...args: Args<'listOverrides'>) {
    return this.#read((memory) => memory.listOverrides(...args));
  }

  upsertOverride(...args: Args<'upsertOverride'>) {
    return this.#write((memory) => memory.upsertOverride(...args));
  }

  deleteOverride(...args: Args<'deleteOverride'>) {
    return this.#write((memory) => memory.deleteOverride(...args));
  }

  getScheduledChanges(...args: Args<'getScheduledChanges'>) {
    return this.#read((memory) => memory.getScheduledChanges(...args));
  }

  createScheduledChange(...args: Args<'createScheduledChange'>) {
    return this.#write((memory) => memory.createScheduledChange(...args));
  }

  updateScheduledChange(...args: Args<'updateScheduledChange'>) {
    return this.#write((memory) => memory.updateScheduledChange(...args));
  }

  deleteScheduledChange(...args: Args<'deleteScheduledChange'>) {
    return this.#write((memory) => memory.deleteScheduledChange(...args));
  }

  claimScheduledChange(...args: Args<'claimScheduledChange'>) {
    return this.#write((memory) => memory.claimScheduledChange(...args));
  }

  markScheduledChangeExecuted(...args: Args<'markScheduledChangeExecuted'>) {
    return this.#write((memory) => memory.markScheduledChangeExecuted(...args));
  }

  getTimeSchedules(...args: Args<'getTimeSchedules'>) {
    return this.#read((memory) => memory.getTimeSchedules(...args));
  }

  createTimeSchedule(...args: Args<'createTimeSchedule'>) {
    return this.#write((memory) => memory.createTimeSchedule(...args));
  }

  updateTimeSchedule(...args: Args<'updateTimeSchedule'>) {
    return this.#write((memory) => memory.updateTimeSchedule(...args));
  }

  deleteTimeSchedule(...args: Args<'deleteTimeSchedule'>) {
    return this.#write((memory) => memory.deleteTimeSchedule(...args));
  }

  getRolloutPhases(...args: Args<'getRolloutPhases'>) {
    return this.#read((memory) => memory.getRolloutPhases(...args));
  }

  getPendingRolloutPhases() {
    return this.#read((memory) => memory.getPendingRolloutPhases());
  }

  createRolloutPhase(...args: Args<'createRolloutPhase'>) {
    return this.#write((memory) => memory.createRolloutPhase(...args));
  }

  claimRolloutPhase(...args: Args<'claimRolloutPhase'>) {
    return this.#write((memory) => memory.claimRolloutPhase(...args));
  }

  markRolloutPhaseExecuted(...args: Args<'markRolloutPhaseExecuted'>) {
    return this.#write((memory) => memory.markRolloutPhaseExecuted(...args));
  }

  deleteRolloutPhase(...args: Args<'deleteRolloutPhase'>) {
    return this.#write((memory) => memory.deleteRolloutPhase(...args));
  }

  getSegment(...args: Args<'getSegment'>) {
    return this.#read((memory) => memory.getSegment(...args));
  }

  getSegmentByName(...args: Args<'getSegmentByName'>) {
    return this.#read((memory) => memory.getSegmentByName(...args));
  }

  getAllSegments() {
    return this.#read((memory) => memory.getAllSegments());
  }

  getChildSegments(...args: Args<'getChildSegments'>) {
    return this.#read((memory) => memory.getChildSegments(...args));
  }

  createSegment(...args: Args<'createSegment'>) {
    return this.#write((memory) => memory.createSegment(...args));
  }

  updateSegment(...args: Args<'updateSegment'>) {
    return this.#write((memory) => memory.updateSegment(...args));
  }

  deleteSegment(...args: Args<'deleteSegment'>) {
    return this.#write((memory) => memory.deleteSegment(...args));
  }

  /**
   * The change feed, saved in the file with the records, so it survives a reopen. Polled: this backend
   * has no `subscribe`, as only one process uses the file.
   */
  getChanges(...args: Args<'getChanges'>) {
    return this.#read((memory) => memory.getChanges(...args));
  }

  /** Changes on every saved write, and on every reopen (a reloaded store starts a new revision series). */
  getRevision() {
    return this.#read((memory) => memory.getRevision());
  }

  /** True while the backend is open and its file can be read. Never throws. */
  async healthCheck(): Promise<boolean> {
    try {
      await this.#open();
      return true;
    } catch {
      return false;
    }
  }

  /** Waits for queued writes to be saved, then releases the file for another backend. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#writes.then(() => {
      this.#closed = true;
      this.#memory = undefined;
      openPaths.delete(this.path);
    });
    return this.#closing;
  }
}
