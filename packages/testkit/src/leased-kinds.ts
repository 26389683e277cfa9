import type { LeaseFence, RolloutPhase, ScheduledFlagChange, StorageBackend, WriteOptions } from '@flags/core';
import type { CheckContext } from './check.js';
import { rolloutPhaseInput, scheduledChangeInput, seedFlag } from './fixtures.js';

/** A record the scheduler claims with a lease and marks executed. */
export type LeasedRecord = ScheduledFlagChange | RolloutPhase;

/** The claim/mark methods of one kind of leased record, so lease checks are written once for both kinds. */
export interface LeasedKind {
  /** Human name for messages, e.g. `scheduled change`. */
  readonly noun: string;
  /** The kind a {@link LeaseFence} names. */
  readonly fenceKind: LeaseFence['kind'];
  /** Creates a flag and one pending record of this kind on it. */
  seed(ctx: CheckContext): Promise<LeasedRecord>;
  claim(backend: StorageBackend, id: string, owner: string, leaseMs: number): Promise<boolean>;
  markExecuted(
    backend: StorageBackend,
    id: string,
    executedAt: Date,
    outcome?: string | null,
    options?: WriteOptions,
  ): Promise<boolean>;
  /** The stored record (executed or not), read back through the kind's list read. */
  find(backend: StorageBackend, record: LeasedRecord): Promise<LeasedRecord | undefined>;
  /** Whether the kind's pending read lists the record. */
  isPending(backend: StorageBackend, record: LeasedRecord): Promise<boolean>;
}

/** Scheduled changes, read through `getScheduledChanges`. */
export const scheduledChangeKind: LeasedKind = {
  noun: 'scheduled change',
  fenceKind: 'scheduled_change',
  async seed(ctx) {
    const flag = await seedFlag(ctx);
    return ctx.backend.createScheduledChange(scheduledChangeInput(flag.id));
  },
  claim: (backend, id, owner, leaseMs) => backend.claimScheduledChange(id, owner, leaseMs),
  markExecuted: (backend, id, executedAt, outcome, options) =>
    options !== undefined
      ? backend.markScheduledChangeExecuted(id, executedAt, outcome, options)
      : outcome === undefined
        ? backend.markScheduledChangeExecuted(id, executedAt)
        : backend.markScheduledChangeExecuted(id, executedAt, outcome),
  async find(backend, record) {
    const changes = await backend.getScheduledChanges({ flagId: record.flagId, pendingOnly: false });
    return changes.find((c) => c.id === record.id);
  },
  async isPending(backend, record) {
    const pending = await backend.getScheduledChanges({ flagId: record.flagId });
    return pending.some((c) => c.id === record.id);
  },
};

/** Rollout phases, read through `getRolloutPhases` and `getPendingRolloutPhases`. */
export const rolloutPhaseKind: LeasedKind = {
  noun: 'rollout phase',
  fenceKind: 'rollout_phase',
  async seed(ctx) {
    const flag = await seedFlag(ctx);
    return ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
  },
  claim: (backend, id, owner, leaseMs) => backend.claimRolloutPhase(id, owner, leaseMs),
  markExecuted: (backend, id, executedAt, outcome, options) =>
    options !== undefined
      ? backend.markRolloutPhaseExecuted(id, executedAt, outcome, options)
      : outcome === undefined
        ? backend.markRolloutPhaseExecuted(id, executedAt)
        : backend.markRolloutPhaseExecuted(id, executedAt, outcome),
  async find(backend, record) {
    return (await backend.getRolloutPhases(record.flagId)).find((p) => p.id === record.id);
  },
  async isPending(backend, record) {
    return (await backend.getPendingRolloutPhases()).some((p) => p.id === record.id);
  },
};
