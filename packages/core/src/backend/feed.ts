import { ValidationError } from '../errors.js';
import type { ChangeBatch, FeedRetention, GetChangesOptions, StorageChange } from '../storage/change-feed.js';

/** Changes `getChanges` returns when the caller gives no `limit`. */
export const DEFAULT_CHANGES_LIMIT = 1000;
/** Largest `limit` `getChanges` accepts: bounds one answer's size. */
export const MAX_CHANGES_LIMIT = 10_000;
/** Changes a backend keeps when `feedRetention.maxChanges` is not given. */
export const DEFAULT_FEED_MAX_CHANGES = 10_000;

/** `feedRetention` with its defaults applied; `maxAgeMs` null means no age bound. */
export interface ResolvedFeedRetention {
  readonly maxChanges: number;
  readonly maxAgeMs: number | null;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * Checks the arguments of `getChanges` and returns them with the default limit applied.
 * @throws ValidationError naming `since` or `limit` and the rule.
 */
export function requireChangesArguments(
  since: unknown,
  options: GetChangesOptions | undefined,
): { since: number | null; limit: number } {
  if (since !== null && !(typeof since === 'number' && Number.isSafeInteger(since) && since >= 0)) {
    throw new ValidationError([{ path: 'since', message: 'must be null or an integer >= 0' }], 'getChanges');
  }
  const limit = options?.limit ?? DEFAULT_CHANGES_LIMIT;
  if (!isPositiveInteger(limit) || limit > MAX_CHANGES_LIMIT) {
    throw new ValidationError(
      [{ path: 'limit', message: `must be an integer from 1 to ${MAX_CHANGES_LIMIT}` }],
      'getChanges',
    );
  }
  return { since, limit };
}

/**
 * The backend option `feedRetention` checked, with its defaults applied.
 * @param owner names the options in the error, e.g. `[@flags/storage-redis] options`.
 * @throws ValidationError naming `feedRetention.maxChanges` / `feedRetention.maxAgeMs` and the rule.
 */
export function resolveFeedRetention(value: FeedRetention | undefined, owner: string): ResolvedFeedRetention {
  if (value === undefined) return { maxChanges: DEFAULT_FEED_MAX_CHANGES, maxAgeMs: null };
  if (value === null || typeof value !== 'object') {
    throw new ValidationError(
      [{ path: 'feedRetention', message: 'must be an object { maxChanges?, maxAgeMs? }' }],
      owner,
    );
  }
  const { maxChanges = DEFAULT_FEED_MAX_CHANGES, maxAgeMs } = value;
  const issues: { path: string; message: string }[] = [];
  if (!isPositiveInteger(maxChanges))
    issues.push({ path: 'feedRetention.maxChanges', message: 'must be an integer > 0' });
  if (maxAgeMs !== undefined && !isPositiveInteger(maxAgeMs)) {
    issues.push({ path: 'feedRetention.maxAgeMs', message: 'must be an integer > 0 (milliseconds)' });
  }
  if (issues.length > 0) throw new ValidationError(issues, owner);
  return { maxChanges, maxAgeMs: maxAgeMs ?? null };
}

/** The time in milliseconds since the epoch, with the sub-millisecond part where the runtime has one. */
function preciseNow(): number {
  const clock = globalThis.performance;
  return clock !== undefined && clock.timeOrigin > 0 ? clock.timeOrigin + clock.now() : Date.now();
}

/**
 * The revision a new change feed starts after: the time in microseconds (`nowMs` × 1000). A store
 * that lost its data (a Redis restarted without persistence or flushed, a failover to an empty
 * replica, tables dropped and recreated) starts its feed again when it is written next; started from
 * 0, its new changes would reuse revisions that readers of the lost feed hold, and a reader asking
 * from one would be handed the changes after it, missing everything written before. Started from the
 * clock, the new feed begins above every revision the lost one handed out, so such a reader is below
 * the oldest change kept and gets `reset` ({@link answerChanges}) — as long as the lost feed numbered
 * fewer changes than microseconds passed since it started, and the clocks involved agree that well.
 * Safe integers hold such revisions until the year 2255.
 * @param nowMs the time in milliseconds since the epoch (the server's clock where there is one).
 *   @default the runtime's clock, to the microsecond where it can tell
 */
export function feedStart(nowMs: number = preciseNow()): number {
  return Math.floor(nowMs * 1000);
}

/**
 * The revision a read of the feed continues from: `since`, or `floor` for `null` (the oldest change
 * kept) and for `0` while the feed still keeps its first change (`floor` is `start`, the revision it
 * started after): `0` is what a store that never recorded a change answers, and a reader holding it
 * has missed nothing the feed recorded since.
 * @param start the revision the feed started after (see {@link feedStart}); null when not known.
 */
export function changesFrom(since: number | null, floor: number, start: number | null): number {
  return since === null || (since === 0 && start !== null && floor === start) ? floor : since;
}

/**
 * The protocol rule of `getChanges`, for a feed whose kept changes lie after `floor` up to `head`
 * (`floor`: the newest revision no longer kept, or the revision the feed started after): a reader
 * asking from below `floor` missed changes that are gone, and a reader asking from beyond `head` holds
 * a revision this feed never handed out (the store lost its data since) — both get
 * `{ revision: head, reset: true }` and must reload everything. Otherwise the batch holds `changes`
 * (the kept changes after {@link changesFrom}, in revision order, at most `limit`), and its revision is
 * the last one returned when the page is full (more may follow), else `head`.
 * @param start the revision the feed started after; null when not known (or no change was recorded yet).
 */
export function answerChanges(
  since: number | null,
  limit: number,
  head: number,
  floor: number,
  changes: readonly StorageChange[],
  start: number | null = null,
): ChangeBatch {
  const from = changesFrom(since, floor, start);
  if (from < floor || from > head) return { revision: head, reset: true };
  const revision = changes.length >= limit ? changes[limit - 1]!.revision : head;
  return { revision, changes: changes.length > limit ? changes.slice(0, limit) : changes };
}
