import type { ChangeKind, LeaseFence, RolloutPhase, ScheduledFlagChange, WriteOptions } from '@flags/core';
import {
  canClaim,
  claimFields,
  readFence,
  requireLease,
  requireLeaseArguments,
  requireMarkArguments,
} from '@flags/core/backend';
import { journal } from './journal.js';
import { PACKAGE } from './support.js';
import type { MemoryTables } from './tables.js';

/** The two kinds of record the scheduler leases, by the name a {@link LeaseFence} gives them. */
type LeasedKind = LeaseFence['kind'];

const NOUNS: Record<LeasedKind, string> = { scheduled_change: 'scheduled change', rollout_phase: 'rollout phase' };
const KINDS: Record<LeasedKind, ChangeKind> = { scheduled_change: 'scheduled-change', rollout_phase: 'rollout-phase' };

/** The table holding records of `kind`. */
function tableOf(tables: MemoryTables, kind: LeasedKind): Map<string, ScheduledFlagChange | RolloutPhase> {
  return kind === 'scheduled_change' ? tables.scheduledChanges : tables.rolloutPhases;
}

/**
 * Throws `LeaseLostError` unless the write's fence (if any) is still held at `now`. Runs inside the
 * synchronous write, so no other write can come between the check and the write it guards.
 */
export function checkFence(tables: MemoryTables, options: WriteOptions | undefined, now: Date, model: string): void {
  const fence = readFence(options, model);
  if (fence) requireLease(PACKAGE, tableOf(tables, fence.kind).get(fence.id), fence, now);
}

/** Takes or renews the lease on a pending record (see `StorageBackend.claimScheduledChange`); false writes nothing. */
export function claim(
  tables: MemoryTables,
  kind: LeasedKind,
  id: string,
  owner: string,
  leaseMs: number,
  now: Date,
): boolean {
  requireLeaseArguments(owner, leaseMs, NOUNS[kind]);
  const table = tableOf(tables, kind);
  const record = table.get(id);
  if (!record || !canClaim(record, owner, now)) return false;
  table.set(id, { ...record, ...claimFields(owner, leaseMs, now) });
  journal(tables, KINDS[kind], 'upsert', record);
  return true;
}

/** Moves a pending record to executed; true only for the call that did it (see `markScheduledChangeExecuted`). */
export function markExecuted(
  tables: MemoryTables,
  kind: LeasedKind,
  id: string,
  executedAt: Date,
  outcome: string | null | undefined,
  options: WriteOptions | undefined,
  now: Date,
): boolean {
  const args = requireMarkArguments(executedAt, outcome, NOUNS[kind]);
  checkFence(tables, options, now, NOUNS[kind]);
  const table = tableOf(tables, kind);
  const record = table.get(id);
  if (!record || record.executed) return false;
  table.set(id, { ...record, executed: true, ...args, updatedAt: now });
  journal(tables, KINDS[kind], 'upsert', record);
  return true;
}
