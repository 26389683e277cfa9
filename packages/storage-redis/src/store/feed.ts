import type { ChangeBatch, StorageChange } from '@flags/core';
import { StorageError } from '@flags/core';
import { PACKAGE } from '../errors.js';
import { READ_FEED } from '../feed-scripts.js';
import type { StoreContext } from './context.js';
import { decodeMember } from './feed-entries.js';

/**
 * The change feed after `since` (null: from the oldest kept), in one script call. The revisions kept
 * run without a gap from the oldest to the head (writers number changes from `feed_head` and trim from
 * the oldest end), so a reader asking from below the oldest kept, or from beyond the head, must reload.
 */
export async function getChanges(ctx: StoreContext, since: number | null, limit: number): Promise<ChangeBatch> {
  const keys = ctx.keys;
  const reply = await ctx.exec.eval(
    READ_FEED,
    [keys.feed, keys.feedHead],
    [String(since ?? 0), String(limit)],
    'reading the change feed',
  );
  if (!Array.isArray(reply) || reply.length < 2) {
    throw new StorageError(`${PACKAGE} reading the change feed failed: unexpected reply`);
  }
  const head = Number(reply[0]);
  const oldest = reply[1] === '' || reply[1] === null ? null : Number(reply[1]);
  const floor = oldest === null ? head : oldest - 1;
  const from = since ?? floor;
  if (from < floor || from > head) return { revision: head, reset: true };
  const changes: StorageChange[] = reply.slice(2).map((member) => decodeMember(String(member)));
  const revision = changes.length === limit ? changes[changes.length - 1]!.revision : head;
  return { revision, changes };
}
