import type { ChangeKind, OverrideEntity, StorageChange } from '@flags/core';
import type { KeyLayout } from '../keys.js';
import { changeArguments } from './feed-entries.js';
import { documentStamp } from './stamp.js';

/** What the APPLY script needs to record changes besides the changes: retention and channel. */
export interface FeedArguments {
  now: number;
  maxChanges: number;
  /** 0: no age bound. */
  maxAgeMs: number;
  channel: string;
}

/** What a failed check means: read again and retry, or give up with this error. */
export type CheckFailure = 'retry' | (() => Error);

/**
 * Builds one run of the APPLY script: the checks the caller's reads rely on, then the writes.
 * Nothing is sent until the context commits it; a failed check writes nothing.
 * @internal
 */
export class Transaction {
  // KEYS[1] is always the revision key, set by the script after the writes; KEYS[2] and KEYS[3] the feed.
  readonly #keys: string[];
  readonly #changes: string[][] = [];
  readonly #index = new Map<string, string>();
  readonly #checks: string[] = [];
  readonly #failures: CheckFailure[] = [];
  readonly #writes: string[] = [];
  // Positions in #writes that get the stamp of a document when the transaction is built.
  readonly #stamps: { at: number; text: string }[] = [];

  constructor(keys: KeyLayout) {
    this.#keys = [keys.revision, keys.feed, keys.feedHead, keys.feedStart];
    for (const [i, key] of this.#keys.entries()) this.#index.set(key, String(i + 1));
  }

  /**
   * Records a change in the feed when the transaction commits. `flag` is the flag key, or the key
   * `flag_id:<id>` the script reads it from (null for segments).
   */
  change(
    kind: ChangeKind,
    id: string,
    op: StorageChange['op'],
    flag: { key: string } | { idKey: string } | null,
    entity?: OverrideEntity,
  ): this {
    if (flag !== null && 'idKey' in flag) this.#key(flag.idKey);
    this.#changes.push(changeArguments(kind, id, op, flag, entity));
    return this;
  }

  #key(key: string): string {
    let index = this.#index.get(key);
    if (index === undefined) {
      this.#keys.push(key);
      index = String(this.#keys.length);
      this.#index.set(key, index);
    }
    return index;
  }

  #check(onFail: CheckFailure, ...tokens: string[]): this {
    this.#checks.push(...tokens);
    this.#failures.push(onFail);
    return this;
  }

  #write(...tokens: string[]): this {
    this.#writes.push(...tokens);
    return this;
  }

  /** The string at `key` is still `value` (`null`: the key does not exist). */
  expect(key: string, value: string | null, onFail: CheckFailure = 'retry'): this {
    return value === null
      ? this.#check(onFail, 'absent', this.#key(key))
      : this.#check(onFail, 'eq', this.#key(key), value);
  }

  /** `key` exists. */
  exists(key: string, onFail: CheckFailure): this {
    return this.#check(onFail, 'present', this.#key(key));
  }

  /** `key` does not exist. */
  absent(key: string, onFail: CheckFailure): this {
    return this.#check(onFail, 'absent', this.#key(key));
  }

  /** The hash field holds `value` (`null`: the field does not exist). */
  expectField(key: string, field: string, value: string | null, onFail: CheckFailure = 'retry'): this {
    return value === null
      ? this.#check(onFail, 'hnofield', this.#key(key), field)
      : this.#check(onFail, 'hget', this.#key(key), field, value);
  }

  /** The set holds exactly these members. */
  expectMembers(key: string, members: readonly string[], onFail: CheckFailure = 'retry'): this {
    return this.#check(onFail, 'members', this.#key(key), String(members.length), ...members);
  }

  set(key: string, value: string): this {
    return this.#write('set', this.#key(key), value);
  }
  del(key: string): this {
    return this.#write('del', this.#key(key));
  }
  /** Expires the key in `ms` milliseconds (PEXPIRE; ≤ 0 deletes it). */
  expireIn(key: string, ms: number): this {
    return this.#write('pexpire', this.#key(key), String(Math.ceil(ms)));
  }
  sadd(key: string, member: string): this {
    return this.#write('sadd', this.#key(key), member);
  }
  srem(key: string, member: string): this {
    return this.#write('srem', this.#key(key), member);
  }
  zadd(key: string, score: string, member: string): this {
    return this.#write('zadd', this.#key(key), score, member);
  }
  zrem(key: string, member: string): this {
    return this.#write('zrem', this.#key(key), member);
  }
  /** Removes the members scored at or below `max`. */
  zprune(key: string, max: number): this {
    return this.#write('zprune', this.#key(key), String(max));
  }
  /** Expires the sorted set when its highest score (a time in ms) passes, judged at `now`; never while one scores +inf. */
  zexpire(key: string, now: number): this {
    return this.#write('zexpire', this.#key(key), String(now));
  }
  hset(key: string, field: string, value: string): this {
    return this.#write('hset', this.#key(key), field, value);
  }
  hdel(key: string, field: string): this {
    return this.#write('hdel', this.#key(key), field);
  }
  /** SET `key` to `value`, and field `field` of hash `stampsKey` to the value's stamp (see documentStamp). */
  setStamped(key: string, value: string, stampsKey: string, field: string): this {
    this.set(key, value).#write('hset', this.#key(stampsKey), field, '');
    this.#stamps.push({ at: this.#writes.length - 1, text: value });
    return this;
  }

  /** KEYS and ARGV of the APPLY script. */
  async build(revision: string, feed: FeedArguments): Promise<{ keys: string[]; args: string[] }> {
    for (const { at, text } of this.#stamps) this.#writes[at] = await documentStamp(text);
    const header = [
      revision,
      String(this.#changes.length),
      String(feed.now),
      String(feed.maxChanges),
      String(feed.maxAgeMs),
      feed.channel,
    ];
    return { keys: this.#keys, args: [...header, ...this.#changes.flat(), ...this.#checks, '|', ...this.#writes] };
  }

  /** What the failure of check `n` (1-based, as the script reports it) means. */
  failure(n: number): CheckFailure {
    return this.#failures[n - 1] ?? 'retry';
  }
}
