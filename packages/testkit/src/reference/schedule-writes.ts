import {
  ConflictError,
  createRolloutPhase,
  createScheduledChange,
  createTimeSchedule,
  type LeaseFence,
  type RolloutPhase,
  type RolloutPhaseInput,
  type ScheduledFlagChange,
  type ScheduledFlagChangeInput,
  type TimeSchedule,
  type TimeScheduleInput,
  type WriteOptions,
} from '@flags/core';
import {
  canClaim,
  claimFields,
  readFence,
  requireLease,
  requireLeaseArguments,
  requireMarkArguments,
} from '@flags/core/backend';
import { PREFIX, type ReferenceState, requireFlag, requireFreeId, requireIndex, Unchanged } from './document.js';

// Each function edits a draft document synchronously and returns what the store method returns.

/** createScheduledChange: validates, needs the flag, refuses a taken id. */
export function insertScheduledChange(
  s: ReferenceState,
  input: ScheduledFlagChangeInput,
  now: Date,
): ScheduledFlagChange {
  const change = createScheduledChange(input);
  requireFlag(s, change.flagId);
  requireFreeId(s.scheduledChanges, change.id, 'scheduled change');
  const stored = { ...change, createdAt: now, updatedAt: now };
  s.scheduledChanges.push(stored);
  return stored;
}

/** updateScheduledChange: validates, replaces the change with this id, keeping createdAt. */
export function replaceScheduledChange(
  s: ReferenceState,
  input: ScheduledFlagChange | ScheduledFlagChangeInput,
  now: Date,
): ScheduledFlagChange {
  const change = createScheduledChange(input);
  const index = requireIndex(s.scheduledChanges, change.id, 'scheduled change');
  requireFlag(s, change.flagId);
  const stored = { ...change, createdAt: s.scheduledChanges[index]!.createdAt, updatedAt: now };
  s.scheduledChanges[index] = stored;
  return stored;
}

/** createTimeSchedule: validates, needs the flag, refuses a taken id. */
export function insertTimeSchedule(s: ReferenceState, input: TimeScheduleInput, now: Date): TimeSchedule {
  const schedule = createTimeSchedule(input);
  requireFlag(s, schedule.flagId);
  requireFreeId(s.timeSchedules, schedule.id, 'time schedule');
  const stored = { ...schedule, createdAt: now, updatedAt: now };
  s.timeSchedules.push(stored);
  return stored;
}

/** updateTimeSchedule: validates, replaces the schedule with this id, keeping createdAt. */
export function replaceTimeSchedule(
  s: ReferenceState,
  input: TimeSchedule | TimeScheduleInput,
  now: Date,
): TimeSchedule {
  const schedule = createTimeSchedule(input);
  const index = requireIndex(s.timeSchedules, schedule.id, 'time schedule');
  requireFlag(s, schedule.flagId);
  const stored = { ...schedule, createdAt: s.timeSchedules[index]!.createdAt, updatedAt: now };
  s.timeSchedules[index] = stored;
  return stored;
}

/** createRolloutPhase: validates, needs the flag, refuses a taken id or phase number. */
export function insertRolloutPhase(s: ReferenceState, input: RolloutPhaseInput, now: Date): RolloutPhase {
  const phase = createRolloutPhase(input);
  requireFlag(s, phase.flagId);
  requireFreeId(s.rolloutPhases, phase.id, 'rollout phase');
  if (s.rolloutPhases.some((p) => p.flagId === phase.flagId && p.phaseNumber === phase.phaseNumber)) {
    throw new ConflictError(`${PREFIX} flag "${phase.flagId}" already has phase ${phase.phaseNumber}`);
  }
  const stored = { ...phase, createdAt: now, updatedAt: now };
  s.rolloutPhases.push(stored);
  return stored;
}

// A record the scheduler leases: a scheduled change or a rollout phase.
type LeasedRecord = ScheduledFlagChange | RolloutPhase;

const NOUNS = { scheduled_change: 'scheduled change', rollout_phase: 'rollout phase' } as const;

/** The records of `kind` in the draft. */
function recordsOf(s: ReferenceState, kind: LeaseFence['kind']): LeasedRecord[] {
  return kind === 'scheduled_change' ? s.scheduledChanges : s.rolloutPhases;
}

/** Throws `LeaseLostError` unless the write's fence (if any) is held; runs in the write, before it changes anything. */
export function checkFence(s: ReferenceState, options: WriteOptions | undefined, now: Date, model: string): void {
  const fence = readFence(options, model);
  if (fence)
    requireLease(
      PREFIX,
      recordsOf(s, fence.kind).find((r) => r.id === fence.id),
      fence,
      now,
    );
}

/** Takes or renews the lease of a pending record (mutates the draft); see `StorageBackend.claimScheduledChange`. */
export function claimRecord(
  s: ReferenceState,
  kind: LeaseFence['kind'],
  id: string,
  owner: string,
  leaseMs: number,
  now: Date,
): boolean | Unchanged<boolean> {
  requireLeaseArguments(owner, leaseMs, NOUNS[kind]);
  const record = recordsOf(s, kind).find((r) => r.id === id);
  if (!record || !canClaim(record, owner, now)) return new Unchanged(false);
  Object.assign(record, claimFields(owner, leaseMs, now));
  return true;
}

/** Moves a pending record to executed (mutates the draft); see `StorageBackend.markScheduledChangeExecuted`. */
export function markRecordExecuted(
  s: ReferenceState,
  kind: LeaseFence['kind'],
  id: string,
  executedAt: Date,
  outcome: string | null | undefined,
  options: WriteOptions | undefined,
  now: Date,
): boolean | Unchanged<boolean> {
  const args = requireMarkArguments(executedAt, outcome, NOUNS[kind]);
  checkFence(s, options, now, NOUNS[kind]);
  const record = recordsOf(s, kind).find((r) => r.id === id);
  if (!record || record.executed) return new Unchanged(false);
  Object.assign(record, { executed: true, ...args, updatedAt: now });
  return true;
}
