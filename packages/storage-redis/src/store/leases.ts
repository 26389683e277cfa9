import type { RolloutPhase, ScheduledFlagChange } from '@flags/core';
import { encodeModel, ValidationError } from '@flags/core';
import type { StoreContext } from './context.js';

type Leasable = ScheduledFlagChange | RolloutPhase;

/** The kinds of record a scheduler claims and marks executed. */
export type LeaseKind = 'scheduledChange' | 'rolloutPhase';

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

function requireOwner(owner: unknown, leaseMs: unknown, model: string): void {
  if (typeof owner !== 'string' || owner.length === 0) {
    throw new ValidationError([{ path: 'owner', message: 'must be a non-empty string' }], model);
  }
  if (typeof leaseMs !== 'number' || !Number.isFinite(leaseMs) || leaseMs < 0) {
    throw new ValidationError([{ path: 'leaseMs', message: 'must be a finite number ≥ 0' }], model);
  }
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
  requireOwner(owner, leaseMs, target.model);
  const action = `claiming ${target.model} "${target.id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(target.key, action);
    if (raw === null) return { result: false };
    const record: Leasable = ctx.decode(target.kind, raw);
    const now = ctx.now();
    if (record.executed) return { result: false };
    const held =
      record.claimedBy !== null && record.claimExpiresAt !== null && record.claimExpiresAt.getTime() > now.getTime();
    if (held && record.claimedBy !== owner) return { result: false };
    const claimed = { ...record, claimedBy: owner, claimExpiresAt: new Date(now.getTime() + leaseMs), updatedAt: now };
    return { tx: ctx.tx().expect(target.key, raw).set(target.key, encodeModel(claimed)), result: true };
  });
}

/** Marks the record executed; true only for the call that moved it from pending to executed. */
export async function markExecuted(
  ctx: StoreContext,
  kind: LeaseKind,
  id: string,
  executedAt: Date,
  outcome: string | null | undefined,
): Promise<boolean> {
  const target = leaseTarget(ctx, kind, id);
  if (!(executedAt instanceof Date) || Number.isNaN(executedAt.getTime())) {
    throw new ValidationError([{ path: 'executedAt', message: 'must be a valid Date' }], target.model);
  }
  if (outcome !== undefined && outcome !== null && typeof outcome !== 'string') {
    throw new ValidationError([{ path: 'outcome', message: 'must be a string or null' }], target.model);
  }
  const action = `marking ${target.model} "${target.id}" executed`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(target.key, action);
    if (raw === null) return { result: false };
    const record: Leasable = ctx.decode(target.kind, raw);
    if (record.executed) return { result: false };
    const done = {
      ...record,
      executed: true,
      executedAt: new Date(executedAt.getTime()),
      outcome: outcome ?? null,
      updatedAt: ctx.now(),
    };
    const tx = ctx.tx().expect(target.key, raw).set(target.key, encodeModel(done)).srem(target.pendingSet, target.id);
    return { tx, result: true };
  });
}
