import type { ChangeKind, RolloutPhase, ScheduledFlagChange, WriteOptions } from '@flags/core';
import { encodeModel } from '@flags/core';
import { canClaim, claimFields, requireLeaseArguments, requireMarkArguments } from '@flags/core/backend';
import type { StoreContext } from './context.js';
import { checkFence } from './fence.js';

type Leasable = ScheduledFlagChange | RolloutPhase;

/** The kinds of record a scheduler claims and marks executed. */
export type LeaseKind = 'scheduledChange' | 'rolloutPhase';

const FEED_KINDS: Record<LeaseKind, ChangeKind> = {
  scheduledChange: 'scheduled-change',
  rolloutPhase: 'rollout-phase',
};

/** Where a leasable record lives: its document key and the set of pending ids it leaves when executed. */
interface LeaseTarget {
  kind: LeaseKind;
  /** Names the model in messages. */
  model: string;
  key: string;
  pendingSet: string;
  id: string;
}

function leaseTarget(ctx: StoreContext, kind: LeaseKind, id: string): LeaseTarget {
  const keys = ctx.keys;
  return kind === 'scheduledChange'
    ? { kind, model: 'scheduled change', key: keys.change(id), pendingSet: keys.pendingChanges, id }
    : { kind, model: 'rollout phase', key: keys.phase(id), pendingSet: keys.pendingPhases, id };
}

/**
 * Takes (or, for its holder, renews) the lease: read, decide, compare-and-set. Of N concurrent callers
 * one wins the compare-and-set; the others read again, see the lease and get false.
 * Lease times come from this process's clock, so scheduler hosts should keep their clocks in sync.
 */
export async function claim(
  ctx: StoreContext,
  kind: LeaseKind,
  id: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const target = leaseTarget(ctx, kind, id);
  requireLeaseArguments(owner, leaseMs, target.model);
  const action = `claiming ${target.model} "${target.id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(target.key, action);
    if (raw === null) return { result: false };
    const record: Leasable = ctx.decode(target.kind, raw);
    const now = ctx.now();
    if (!canClaim(record, owner, now)) return { result: false };
    const claimed = { ...record, ...claimFields(owner, leaseMs, now) };
    const tx = ctx
      .tx()
      .expect(target.key, raw)
      .set(target.key, encodeModel(claimed))
      .change(FEED_KINDS[target.kind], id, 'upsert', { idKey: ctx.keys.flagId(record.flagId) });
    return { tx, result: true };
  });
}

/** Marks the record executed; true only for the call that moved it from pending to executed. */
export async function markExecuted(
  ctx: StoreContext,
  kind: LeaseKind,
  id: string,
  executedAt: Date,
  outcome: string | null | undefined,
  options?: WriteOptions,
): Promise<boolean> {
  const target = leaseTarget(ctx, kind, id);
  const args = requireMarkArguments(executedAt, outcome, target.model);
  const action = `marking ${target.model} "${target.id}" executed`;
  return ctx.atomically(action, async () => {
    const fenced = await checkFence(ctx, options, target.model, action);
    const raw = await ctx.get(target.key, action);
    if (raw === null) return { result: false };
    const record: Leasable = ctx.decode(target.kind, raw);
    if (record.executed) return { result: false };
    const done = { ...record, executed: true, ...args, updatedAt: ctx.now() };
    const tx = fenced(ctx.tx())
      .expect(target.key, raw)
      .set(target.key, encodeModel(done))
      .srem(target.pendingSet, target.id)
      .change(FEED_KINDS[target.kind], id, 'upsert', { idKey: ctx.keys.flagId(record.flagId) });
    return { tx, result: true };
  });
}
