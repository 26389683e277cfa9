import { ValidationError } from '@flags/core';
import { requireDate } from './support.js';

/** The scheduler bookkeeping scheduled changes and rollout phases share. */
interface Leasable {
  executed: boolean;
  executedAt: Date | null;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  outcome: string | null;
  updatedAt: Date;
}

/**
 * The record with a lease of `leaseMs` taken by `owner` at `now`, or `null` when it cannot be taken:
 * missing, executed, or leased to another owner until after `now`. The holder may renew its lease.
 * A `claimedBy` without `claimExpiresAt` holds nothing (every lease expires).
 */
export function takeLease<T extends Leasable>(
  record: T | undefined,
  owner: string,
  leaseMs: number,
  now: Date,
  model: string,
): T | null {
  if (typeof owner !== 'string' || owner.length === 0) {
    throw new ValidationError([{ path: 'owner', message: 'must be a non-empty string' }], model);
  }
  if (typeof leaseMs !== 'number' || !Number.isFinite(leaseMs) || leaseMs < 0) {
    throw new ValidationError([{ path: 'leaseMs', message: 'must be a finite number ≥ 0' }], model);
  }
  if (!record || record.executed) return null;
  const held =
    record.claimedBy !== null && record.claimExpiresAt !== null && record.claimExpiresAt.getTime() > now.getTime();
  if (held && record.claimedBy !== owner) return null;
  return {
    ...record,
    claimedBy: owner,
    claimExpiresAt: new Date(now.getTime() + leaseMs),
    updatedAt: now,
  };
}

/**
 * The record marked executed at `executedAt` with `outcome`, or `null` when missing or already
 * executed — so of several callers only the first one gets a record back.
 */
export function markExecuted<T extends Leasable>(
  record: T | undefined,
  executedAt: Date,
  outcome: string | null | undefined,
  now: Date,
  model: string,
): T | null {
  const at = requireDate(executedAt, 'executedAt', model);
  if (outcome !== undefined && outcome !== null && typeof outcome !== 'string') {
    throw new ValidationError([{ path: 'outcome', message: 'must be a string or null' }], model);
  }
  if (!record || record.executed) return null;
  return { ...record, executed: true, executedAt: at, outcome: outcome ?? null, updatedAt: now };
}
