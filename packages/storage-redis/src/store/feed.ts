import type { ChangeBatch, StorageChange } from '@flags/core';
import { StorageError } from '@flags/core';
import { answerChanges } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import { READ_FEED } from '../feed-scripts.js';
import type { StoreContext } from './context.js';
import { decodeMember } from './feed-entries.js';

/**
 * The change feed after `since` (null: from the oldest kept), in one script call. The revisions kept
 * run without a gap from the oldest to the head (writers number changes from `feed_head` and trim from
 * the oldest end), so a reader asking from below the oldest kept, or from beyond the head, must reload;
 * a feed started again after the store lost its data starts above every earlier revision (see
 * `FEED_LUA`), so a reader of the lost feed is below its oldest change.
 */
export async function getChanges(ctx: StoreContext, since: number | null, limit: number): Promise<ChangeBatch> {
  const keys = ctx.keys;
  const reply = await ctx.exec.eval(
    READ_FEED,
    [keys.feed, keys.feedHead, keys.feedStart],
    [String(since ?? 0), String(limit)],
    'reading the change feed',
  );
  if (!Array.isArray(reply) || reply.length < 3) {
    throw new StorageError(`${PACKAGE} reading the change feed failed: unexpected reply`);
  }
  const head = Number(reply[0]);
  const oldest = reply[1] === '' || reply[1] === null ? null : Number(reply[1]);
  const start = reply[2] === '' || reply[2] === null ? null : Number(reply[2]);
  const floor = oldest === null ? head : oldest - 1;
  const changes: StorageChange[] = reply.slice(3).map((member) => decodeMember(String(member)));
  return answerChanges(since, limit, head, floor, changes, start);
}
