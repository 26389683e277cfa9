import { ConflictError, FlagsError, NotFoundError, type WriteOptions } from '@flags/core';
import { withDeadline } from '@flags/core/backend';
import type { ClosedGate } from '../backend/closed-gate.js';
import type { Dialect } from '../dialect/dialect.js';
import { type ErrorMapper, PACKAGE } from '../errors/errors.js';
import { type ChangeEntry, type FeedSettings, recordChanges } from '../feed/record.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';
import { checkFence } from './fence.js';

/** What a constraint violation means for one write, as the message of the error to throw. */
export interface ViolationMessages {
  /** A unique key (or primary key) was taken → ConflictError. */
  unique?: string;
  /** A referenced row (flag, parent segment) is missing → NotFoundError. */
  foreignKey?: string;
}

// Deadlocks and serialization failures roll the whole transaction back, so running it again is safe.
const ATTEMPTS = 4;

/** Runs writes: one transaction each, retried on deadlock, failures mapped to the protocol's errors. */
export class Writer {
  /** The feed trim each running transaction made, applied to `feed.trimmed` once it commits. */
  private readonly trims = new WeakMap<object, number>();

  constructor(
    private readonly db: AnyDatabase,
    private readonly t: FlagsTableSet,
    readonly dialect: Dialect,
    private readonly errors: ErrorMapper,
    private readonly deadlineMs: number | undefined,
    /** The app's clock: timestamps, lease starts and ends. */
    readonly now: () => Date,
    private readonly gate: ClosedGate,
    private readonly feed: Omit<FeedSettings, 't' | 'dialect'>,
    /** Awaited inside each write's transaction, after its changes are recorded (tests hold commits with it). */
    private readonly beforeCommit?: () => Promise<void>,
  ) {}

  /**
   * Runs `work` in one transaction (retries included, within the deadline). Errors @flags throws
   * inside pass through as they are.
   */
  run<T>(operation: string, work: (tx: AnyDatabase) => Promise<T>, messages: ViolationMessages = {}): Promise<T> {
    try {
      this.gate.check();
    } catch (error) {
      return Promise.reject(error);
    }
    const ms = this.deadlineMs;
    return withDeadline(this.attempt(operation, work, messages), ms, () => this.errors.timeout(operation, ms ?? 0));
  }

  private async attempt<T>(
    operation: string,
    work: (tx: AnyDatabase) => Promise<T>,
    messages: ViolationMessages,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let trimmedTo: number | null = null;
      try {
        const result = await this.dialect.transaction(this.db, async (tx) => {
          const answer = await work(tx);
          trimmedTo = this.trims.get(tx) ?? null;
          return answer;
        });
        if (trimmedTo !== null) this.feed.trimmed.committed(trimmedTo);
        return result;
      } catch (error) {
        if (error instanceof FlagsError) throw error;
        const kind = this.dialect.classify(error);
        if (kind === 'retry' && attempt < ATTEMPTS) continue;
        if (kind === 'unique' && messages.unique) throw new ConflictError(`${PACKAGE} ${messages.unique}`);
        if (kind === 'foreign-key' && messages.foreignKey) throw new NotFoundError(`${PACKAGE} ${messages.foreignKey}`);
        throw this.errors.storage(operation, error);
      }
    }
  }

  /** Inside a write's transaction: refuses it with `LeaseLostError` unless `options.fence`'s lease is held. */
  fence(tx: AnyDatabase, options: WriteOptions | undefined, model: string): Promise<void> {
    return checkFence(tx, this.t, this.dialect, options, this.now(), model);
  }

  /** Rows an UPDATE/DELETE matched. */
  affected(result: unknown): number {
    return this.dialect.affected(result);
  }

  /**
   * Records the write's changes in the feed and moves the revision on, inside the write's
   * transaction, as its last statements (see `recordChanges`).
   */
  async record(tx: AnyDatabase, entries: readonly ChangeEntry[]): Promise<void> {
    const trimmedTo = await recordChanges(tx, { ...this.feed, t: this.t, dialect: this.dialect }, entries, this.now());
    if (trimmedTo !== null) this.trims.set(tx as object, trimmedTo);
    await this.beforeCommit?.();
  }
}
