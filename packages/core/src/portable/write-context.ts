import type { StorageBackend } from '../storage/backend.js';
import type { RecordKind } from './format.js';
import { emptyCounts, type ImportChange, type ImportMode, type ImportResult } from './import-options.js';
import { WritePool } from './write-pool.js';

/** The state of an import's write pass, shared by the steps that write each kind. */
export class WriteContext {
  readonly result: ImportResult;
  /** Input flag id → the id it has in the store (they differ when a flag of that key already existed). */
  readonly flagIds = new Map<string, string>();
  /** Input segment id → store segment id, likewise. */
  readonly segmentIds = new Map<string, string>();
  /** Store ids of the flags this import creates: they hold no overrides yet, so none are read. */
  readonly createdFlagIds = new Set<string>();
  readonly pool: WritePool;

  constructor(
    readonly storage: StorageBackend,
    readonly mode: ImportMode,
    readonly dryRun: boolean,
    concurrency: number,
    private readonly onChange: ((change: ImportChange) => void) | undefined,
    records: number,
    /** Records per batch write (`createFlags`, `upsertOverrides`) where the backend has one. */
    readonly batchSize: number,
  ) {
    this.pool = new WritePool(concurrency);
    this.result = {
      dryRun,
      records,
      created: emptyCounts(),
      updated: emptyCounts(),
      deleted: emptyCounts(),
      unchanged: emptyCounts(),
      expiredOverrides: 0,
    };
  }

  flagId(inputId: string): string {
    return this.flagIds.get(inputId) ?? inputId;
  }

  unchanged(kind: RecordKind): void {
    this.result.unchanged[kind]++;
  }

  /**
   * Counts and reports a change, and (unless this is a dry run) queues its write. Writes of one kind
   * run in parallel; callers `drain()` between kinds that depend on each other.
   */
  async apply(change: ImportChange, write: () => Promise<unknown>): Promise<void> {
    this.record(change);
    await this.write(write);
  }

  /** Counts and reports a change whose write {@link WriteContext.write} queues later (with others, in one batch). */
  record(change: ImportChange): void {
    const counts =
      change.action === 'create'
        ? this.result.created
        : change.action === 'update'
          ? this.result.updated
          : this.result.deleted;
    counts[change.kind]++;
    this.onChange?.(change);
  }

  /** Queues a write (none in a dry run). */
  async write(write: () => Promise<unknown>): Promise<void> {
    if (!this.dryRun) await this.pool.run(write);
  }

  drain(): Promise<void> {
    return this.pool.drain();
  }
}
