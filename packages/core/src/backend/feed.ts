import { ValidationError } from '../errors.js';
import type { FeedRetention, GetChangesOptions } from '../storage/change-feed.js';

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
