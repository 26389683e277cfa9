import type { WriteOptions } from '@flags/core';
import { readFence, requireLease } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import type { StoreContext } from './context.js';
import type { Transaction } from './transaction.js';

/**
 * Reads the lease record a write is fenced by and refuses the write (`LeaseLostError`) unless the
 * lease is held now. Returns what to add to the write's transaction: the script then commits only if
 * the lease record is still exactly as read, so a claim by another owner in between makes the write
 * read again (and be refused) — the check and the write are one atomic step.
 */
export async function checkFence(
  ctx: StoreContext,
  options: WriteOptions | undefined,
  model: string,
  action: string,
): Promise<(tx: Transaction) => Transaction> {
  const fence = readFence(options, model);
  if (!fence) return (tx) => tx;
  const scheduled = fence.kind === 'scheduled_change';
  const key = scheduled ? ctx.keys.change(fence.id) : ctx.keys.phase(fence.id);
  const raw = await ctx.get(key, action);
  const record = raw === null ? null : ctx.decode(scheduled ? 'scheduledChange' : 'rolloutPhase', raw);
  requireLease(PACKAGE, record, fence, ctx.now());
  return (tx) => tx.expect(key, raw);
}
