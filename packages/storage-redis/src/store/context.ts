import { decodeModel, generateId, type ModelKind, type ModelsByKind, StorageError } from '@flags/core';
import type { ResolvedFeedRetention } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import type { CommandExecutor } from '../executor.js';
import type { KeyLayout } from '../keys.js';
import { APPLY, COLLECT } from '../scripts.js';
import { FlagCache } from './flag-cache.js';
import { decodeFlagDocument } from './flag-document.js';
import { type FeedArguments, Transaction } from './transaction.js';

/** How many times a write re-reads and retries when its compare-and-set loses a race. */
const MAX_ATTEMPTS = 50;

/** One try of a write: the transaction to commit (if anything must be written) and what to return. */
export type Attempt<T> = { tx?: Transaction; result: T };

/** How COLLECT reads its index. */
export type IndexRead = 'members' | 'zmembers' | 'hvals' | 'hget' | 'get';

/**
 * What every operation module works with: the key layout, the command executor and the helpers for
 * reads (one round trip each) and compare-and-set writes.
 * @internal
 */
export class StoreContext {
  readonly keys: KeyLayout;
  readonly exec: CommandExecutor;
  /** Decoded flags the reads copy instead of parsing (see FlagCache). */
  readonly flags: FlagCache;
  readonly #clock: () => Date;

  constructor(
    keys: KeyLayout,
    exec: CommandExecutor,
    flagCacheSize: number,
    clock: () => Date,
    readonly retention: ResolvedFeedRetention,
  ) {
    this.keys = keys;
    this.exec = exec;
    this.flags = new FlagCache((text) => this.decode('flag', text), flagCacheSize);
    this.#clock = clock;
  }

  /** The app's time (the backend's `clock`): timestamps, lease starts and ends, override expiry. */
  now(): Date {
    return new Date(this.#clock().getTime());
  }

  /** A new transaction over this layout. */
  tx(): Transaction {
    return new Transaction(this.keys);
  }

  /** The feed arguments of a write script at this moment. */
  feedArguments(): FeedArguments {
    return {
      now: this.now().getTime(),
      maxChanges: this.retention.maxChanges,
      maxAgeMs: this.retention.maxAgeMs ?? 0,
      channel: this.keys.feedChannel,
    };
  }

  /** GET; `null` when the key does not exist. */
  async get(key: string, action: string): Promise<string | null> {
    const reply = await this.exec.send(['GET', key], action);
    return typeof reply === 'string' ? reply : null;
  }

  /** MGET in one round trip (none for no keys); `null` for each missing key. */
  async mget(keys: readonly string[], action: string): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const reply = await this.exec.send(['MGET', ...keys], action);
    if (!Array.isArray(reply)) throw new StorageError(`${PACKAGE} ${action} failed: MGET answered ${typeof reply}`);
    return reply.map((value) => (typeof value === 'string' ? value : null));
  }

  /** The documents an index leads to (see COLLECT), in one round trip. */
  async collect(
    index: string,
    how: IndexRead,
    chain: readonly string[],
    action: string,
    field = '',
  ): Promise<string[]> {
    const reply = await this.exec.eval(COLLECT, [index], [how, field, '0', ...chain], action);
    if (!Array.isArray(reply)) throw new StorageError(`${PACKAGE} ${action} failed: unexpected reply`);
    return reply.filter((value): value is string => typeof value === 'string');
  }

  /** Like {@link StoreContext.collect}, with each document's key: `[key, document][]`. */
  async collectNamed(
    index: string,
    how: IndexRead,
    chain: readonly string[],
    action: string,
  ): Promise<[string, string][]> {
    const reply = await this.exec.eval(COLLECT, [index], [how, '', '1', ...chain], action);
    if (!Array.isArray(reply)) throw new StorageError(`${PACKAGE} ${action} failed: unexpected reply`);
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([String(reply[i]), String(reply[i + 1])]);
    return pairs;
  }

  /** Decodes a stored document; a document that is not ours is a `StorageError`, not a crash. */
  decode<K extends ModelKind>(kind: K, text: string): ModelsByKind[K] {
    try {
      return kind === 'flag' ? (decodeFlagDocument(text) as ModelsByKind[K]) : decodeModel(kind, text);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError(`${PACKAGE} a stored ${kind} is not valid JSON: ${(error as Error).message}`);
    }
  }

  /**
   * Runs `attempt` (reads, then a transaction of checks and writes) until its transaction commits or
   * needs none. A check marked `retry` failing means another writer got in between: read again.
   */
  async atomically<T>(action: string, attempt: () => Promise<Attempt<T>>): Promise<T> {
    for (let round = 1; round <= MAX_ATTEMPTS; round++) {
      const { tx, result } = await attempt();
      if (!tx) return result;
      const { keys, args } = await tx.build(generateId(), this.feedArguments());
      const failed = await this.exec.evalWrite(APPLY, keys, args, action);
      if (failed === 0) return result;
      const failure = tx.failure(Number(failed));
      if (failure !== 'retry') throw failure();
      // Jitter spreads writers that collided so the next round has a winner.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(round, 10)));
    }
    throw new StorageError(`${PACKAGE} ${action} failed: the data kept changing during ${MAX_ATTEMPTS} attempts`);
  }
}
