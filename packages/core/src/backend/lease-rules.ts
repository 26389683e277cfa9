import { LeaseLostError } from '../storage/lease-lost-error.js';
import type { LeaseFence } from '../storage/write-options.js';

/** The scheduler bookkeeping of a leased record (a scheduled change or a rollout phase). */
export interface LeaseState {
  executed: boolean;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
}

/** Whether someone holds an unexpired lease on `record` at `now`. A `claimedBy` without expiry holds nothing. */
export function isLeaseHeld(record: LeaseState, now: Date): boolean {
  return record.claimedBy !== null && record.claimExpiresAt !== null && record.claimExpiresAt.getTime() > now.getTime();
}

/**
 * The claim rule: `owner` may take (or renew) the lease of `record` at `now` when the record exists, is
 * pending, and is unleased, leased to `owner`, or its lease ran out.
 */
export function canClaim(record: LeaseState | null | undefined, owner: string, now: Date): boolean {
  if (!record || record.executed) return false;
  return !isLeaseHeld(record, now) || record.claimedBy === owner;
}

/** The fields a successful claim writes: the owner and the lease's end, `leaseMs` after `now`. */
export function claimFields(
  owner: string,
  leaseMs: number,
  now: Date,
): { claimedBy: string; claimExpiresAt: Date; updatedAt: Date } {
  return { claimedBy: owner, claimExpiresAt: new Date(now.getTime() + leaseMs), updatedAt: new Date(now.getTime()) };
}

/**
 * The fence rule: a write fenced by `owner`'s lease may go ahead at `now` only while the record exists,
 * is pending, and `owner` holds an unexpired lease on it.
 */
export function holdsLease(record: LeaseState | null | undefined, owner: string, now: Date): boolean {
  return (
    !!record &&
    !record.executed &&
    record.claimedBy === owner &&
    record.claimExpiresAt !== null &&
    record.claimExpiresAt.getTime() > now.getTime()
  );
}

/** The error of a fenced write refused because `fence`'s lease is no longer held. */
export function leaseLostError(packageName: string, fence: LeaseFence): LeaseLostError {
  const noun = fence.kind === 'scheduled_change' ? 'scheduled change' : 'rollout phase';
  return new LeaseLostError(
    `${packageName} the lease of "${fence.owner}" on ${noun} "${fence.id}" is no longer held (it ran out, another owner took it, or the ${noun} was executed or deleted): nothing was written`,
  );
}

/**
 * Applies the fence rule: returns when the write may go ahead.
 * @throws LeaseLostError when `owner` no longer holds the lease on `record`.
 */
export function requireLease(
  packageName: string,
  record: LeaseState | null | undefined,
  fence: LeaseFence,
  now: Date,
): void {
  if (!holdsLease(record, fence.owner, now)) throw leaseLostError(packageName, fence);
}
