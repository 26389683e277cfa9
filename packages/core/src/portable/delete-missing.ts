import type { ImportPlan } from './validate-pass.js';
import type { WriteContext } from './write-context.js';
import { overrideIdentity } from './write-overrides.js';

/**
 * `replace` mode's last step: deletes what the store holds and the input does not — flags (their
 * overrides, schedules and phases go with them), segments, and the kept flags' time schedules,
 * scheduled changes, rollout phases and overrides.
 */
export async function deleteMissing(
  ctx: WriteContext,
  plan: ImportPlan,
  seenOverrides: ReadonlySet<string>,
): Promise<void> {
  const keptFlagIds = new Set(plan.flags.map((flag) => ctx.flagId(flag.id)));
  for (const flag of plan.storeFlags) {
    if (keptFlagIds.has(flag.id)) continue;
    await ctx.apply({ action: 'delete', kind: 'flag', id: flag.id, label: flag.key }, () =>
      ctx.storage.deleteFlag(flag.key),
    );
  }
  const keptSegments = new Set(ctx.segmentIds.values());
  for (const segment of plan.storeSegments) {
    if (keptSegments.has(segment.id)) continue;
    await ctx.apply({ action: 'delete', kind: 'segment', id: segment.id, label: segment.name }, () =>
      ctx.storage.deleteSegment(segment.id),
    );
  }
  await ctx.drain();

  const keptSchedules = new Set(plan.timeSchedules.map((s) => s.id));
  for (const schedule of await ctx.storage.getTimeSchedules()) {
    if (!keptFlagIds.has(schedule.flagId) || keptSchedules.has(schedule.id)) continue;
    await ctx.apply(
      { action: 'delete', kind: 'timeSchedule', id: schedule.id, label: schedule.name || schedule.id },
      () => ctx.storage.deleteTimeSchedule(schedule.id),
    );
  }
  const keptChanges = new Set(plan.scheduledChanges.map((c) => c.id));
  for (const change of await ctx.storage.getScheduledChanges({ pendingOnly: false })) {
    if (!keptFlagIds.has(change.flagId) || keptChanges.has(change.id)) continue;
    await ctx.apply(
      { action: 'delete', kind: 'scheduledChange', id: change.id, label: `${change.changeType} ${change.id}` },
      () => ctx.storage.deleteScheduledChange(change.id),
    );
  }
  const keptPhases = new Set(plan.rolloutPhases.map((p) => `${ctx.flagId(p.flagId)}:${p.phaseNumber}`));
  for (const flagId of keptFlagIds) {
    for (const phase of await ctx.storage.getRolloutPhases(flagId)) {
      if (keptPhases.has(`${phase.flagId}:${phase.phaseNumber}`)) continue;
      await ctx.apply(
        { action: 'delete', kind: 'rolloutPhase', id: phase.id, label: `phase ${phase.phaseNumber} ${phase.id}` },
        () => ctx.storage.deleteRolloutPhase(phase.id),
      );
    }
    for (const override of await ctx.storage.listOverrides(flagId)) {
      if (seenOverrides.has(overrideIdentity(override.flagId, override.entityType, override.entityId))) continue;
      await ctx.apply(
        { action: 'delete', kind: 'override', id: override.id, label: `${override.entityType}:${override.entityId}` },
        () => ctx.storage.deleteOverride(override.flagId, override.entityType, override.entityId),
      );
    }
  }
  await ctx.drain();
}
