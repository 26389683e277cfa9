import { type StorageBackend, StorageError } from '@flags/core';
import { expect } from 'vitest';
import { expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { flagInput, overrideInput, segmentInput } from '../fixtures.js';

const HOUR_MS = 3_600_000;

/** Every call a closed backend must reject, by name, made with arguments that would succeed on an open one. */
function callsAfterClose(backend: StorageBackend, ids: { flagId: string; key: string }, fresh: string) {
  const entity = { entityType: 'user', entityId: 'user-1' };
  const later = new Date(Date.now() + HOUR_MS);
  return {
    getFlag: () => backend.getFlag(ids.key),
    getFlags: () => backend.getFlags([ids.key]),
    getAllFlags: () => backend.getAllFlags(),
    getAllActiveFlags: () => backend.getAllActiveFlags(),
    createFlag: () => backend.createFlag({ key: fresh }),
    updateFlag: () => backend.updateFlag({ id: ids.flagId, key: ids.key }),
    deleteFlag: () => backend.deleteFlag(ids.key),
    getOverride: () => backend.getOverride(ids.flagId, entity.entityType, entity.entityId),
    getOverrides: () => backend.getOverrides(ids.flagId, [entity]),
    getOverridesForFlags: () => backend.getOverridesForFlags([ids.flagId], [entity]),
    listOverrides: () => backend.listOverrides(ids.flagId),
    upsertOverride: () => backend.upsertOverride(overrideInput(ids.flagId)),
    deleteOverride: () => backend.deleteOverride(ids.flagId, entity.entityType, entity.entityId),
    getScheduledChanges: () => backend.getScheduledChanges(),
    createScheduledChange: () =>
      backend.createScheduledChange({ flagId: ids.flagId, changeType: 'enable', scheduledAt: later }),
    claimScheduledChange: () => backend.claimScheduledChange(fresh, 'owner', HOUR_MS),
    markScheduledChangeExecuted: () => backend.markScheduledChangeExecuted(fresh, new Date()),
    deleteScheduledChange: () => backend.deleteScheduledChange(fresh),
    getTimeSchedules: () => backend.getTimeSchedules(),
    createTimeSchedule: () => backend.createTimeSchedule({ flagId: ids.flagId, name: 'n', recurrenceType: 'daily' }),
    deleteTimeSchedule: () => backend.deleteTimeSchedule(fresh),
    getRolloutPhases: () => backend.getRolloutPhases(ids.flagId),
    getPendingRolloutPhases: () => backend.getPendingRolloutPhases(),
    createRolloutPhase: () =>
      backend.createRolloutPhase({ flagId: ids.flagId, phaseNumber: 1, targetPercentage: 10, scheduledAt: later }),
    claimRolloutPhase: () => backend.claimRolloutPhase(fresh, 'owner', HOUR_MS),
    markRolloutPhaseExecuted: () => backend.markRolloutPhaseExecuted(fresh, new Date()),
    deleteRolloutPhase: () => backend.deleteRolloutPhase(fresh),
    getSegment: () => backend.getSegment(fresh),
    getSegmentByName: () => backend.getSegmentByName(fresh),
    getAllSegments: () => backend.getAllSegments(),
    getChildSegments: () => backend.getChildSegments(fresh),
    createSegment: () => backend.createSegment({ name: fresh }),
    deleteSegment: () => backend.deleteSegment(fresh),
    getRevision: () => backend.getRevision(),
  } satisfies Record<string, () => Promise<unknown>>;
}

/** Use after `close()`: the same answer on every backend, whoever owns the connection underneath. */
export const afterCloseGroup = defineGroup({
  name: 'after-close',
  title: 'after close()',
  checks: [
    {
      id: 'after-close.calls-reject',
      title: 'after close() every read and write rejects with StorageError, healthCheck is false, close resolves again',
      async run(ctx) {
        const backend = await ctx.createBackend();
        const flag = await backend.createFlag(flagInput(ctx));
        await backend.createSegment(segmentInput(ctx));
        await backend.close();
        const calls = callsAfterClose(backend, { flagId: flag.id, key: flag.key }, ctx.unique('closed'));
        for (const [name, call] of Object.entries(calls)) {
          const error = await expectRejection(call(), StorageError, `${name} after close()`);
          expect(error.message, `${name} after close(): the message says the backend is closed`).toMatch(/closed/);
        }
        expect(await backend.healthCheck(), 'healthCheck after close()').toBe(false);
        await backend.close();
      },
    },
  ],
});
