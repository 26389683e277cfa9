import type { Condition, FeatureFlag } from '../models/flag.js';
import type { ScheduledFlagChangeInput, TimeScheduleInput } from '../models/inputs.js';
import type { RolloutPhase } from '../models/schedule.js';
import type { Segment } from '../models/segment.js';
import { sameContent } from './compare.js';
import { parentsFirst } from './segment-order.js';
import type { ImportPlan } from './validate-pass.js';
import type { WriteContext } from './write-context.js';

/** Segments one at a time, parents first: a child's write needs its parent stored. */
export async function writeSegments(ctx: WriteContext, plan: ImportPlan): Promise<void> {
  const byId = new Map(plan.storeSegments.map((segment) => [segment.id, segment]));
  const byName = new Map(plan.storeSegments.map((segment) => [segment.name, segment]));
  for (const segment of parentsFirst(plan.segments)) {
    const existing = byId.get(segment.id) ?? byName.get(segment.name);
    const parent = segment.parentSegmentId;
    const wanted: Segment = {
      ...segment,
      id: existing?.id ?? segment.id,
      parentSegmentId: parent === null ? null : (ctx.segmentIds.get(parent) ?? parent),
    };
    ctx.segmentIds.set(segment.id, wanted.id);
    const change = { kind: 'segment', id: wanted.id, label: wanted.name } as const;
    if (existing === undefined) {
      await ctx.apply({ ...change, action: 'create' }, () => ctx.storage.createSegment(wanted));
    } else if (ctx.mode === 'create-only' || sameContent(existing, wanted)) {
      ctx.unchanged('segment');
    } else {
      await ctx.apply({ ...change, action: 'update' }, () =>
        ctx.storage.updateSegment({ ...wanted, version: existing.version }),
      );
    }
    await ctx.drain();
  }
}

function remapCondition(condition: Condition, segmentIds: ReadonlyMap<string, string>): Condition {
  if (condition.operator !== 'in_segment' && condition.operator !== 'not_in_segment') return condition;
  if (typeof condition.value !== 'string') return condition;
  const id = segmentIds.get(condition.value);
  return id === undefined || id === condition.value ? condition : { ...condition, value: id };
}

/** A segment named by an input id in a rule names the segment the import matched it with. */
function withStoreSegmentIds(flag: FeatureFlag, segmentIds: ReadonlyMap<string, string>): FeatureFlag {
  if (segmentIds.size === 0) return flag;
  return {
    ...flag,
    rules: flag.rules.map((rule) => ({
      ...rule,
      conditions: rule.conditions.map((condition) => remapCondition(condition, segmentIds)),
    })),
  };
}

/**
 * Flags, matched by key. New flags are created in batches where the backend has `createFlags` (a
 * bounded number of round trips per batch), else one by one. An update carries the version read
 * when the import started, so a flag changed meanwhile by someone else fails with ConflictError
 * instead of being overwritten.
 */
export async function writeFlags(ctx: WriteContext, plan: ImportPlan): Promise<void> {
  const byKey = new Map(plan.storeFlags.map((flag) => [flag.key, flag]));
  const creates: FeatureFlag[] = [];
  for (const input of plan.flags) {
    const existing = byKey.get(input.key);
    const flag = withStoreSegmentIds({ ...input, id: existing?.id ?? input.id }, ctx.segmentIds);
    ctx.flagIds.set(input.id, flag.id);
    const change = { kind: 'flag', id: flag.id, label: flag.key } as const;
    if (existing === undefined) {
      ctx.record({ ...change, action: 'create' });
      ctx.createdFlagIds.add(flag.id);
      creates.push(flag);
    } else if (ctx.mode === 'create-only' || sameContent(existing, flag, ['id', 'timeSchedules'])) {
      ctx.unchanged('flag');
    } else {
      await ctx.apply({ ...change, action: 'update' }, () =>
        ctx.storage.updateFlag({ ...flag, version: existing.version }),
      );
    }
  }
  await createAll(ctx, creates, ctx.storage.createFlags, ctx.storage.createFlag);
  await ctx.drain();
}

/**
 * Creates `records` with the backend's batch create where it has one (a bounded number of round
 * trips per batch of `ctx.batchSize`), else one write each.
 */
async function createAll<T>(
  ctx: WriteContext,
  records: readonly T[],
  batch: ((records: readonly T[]) => Promise<unknown>) | undefined,
  one: (record: T) => Promise<unknown>,
): Promise<void> {
  const storage = ctx.storage;
  if (typeof batch !== 'function') {
    for (const record of records) await ctx.write(() => one.call(storage, record));
    return;
  }
  for (let start = 0; start < records.length; start += ctx.batchSize) {
    const part = records.slice(start, start + ctx.batchSize);
    await ctx.write(() => batch.call(storage, part));
  }
}

/** Time schedules and scheduled changes, matched by id. */
export async function writeSchedules(ctx: WriteContext, plan: ImportPlan): Promise<void> {
  const storedSchedules = new Map(
    (ctx.mode === 'replace' || plan.timeSchedules.length > 0 ? await ctx.storage.getTimeSchedules() : []).map((s) => [
      s.id,
      s,
    ]),
  );
  const newSchedules: TimeScheduleInput[] = [];
  for (const input of plan.timeSchedules) {
    const schedule = { ...input, flagId: ctx.flagId(input.flagId) };
    const existing = storedSchedules.get(schedule.id);
    const change = { kind: 'timeSchedule', id: schedule.id, label: schedule.name || schedule.id } as const;
    if (existing === undefined) {
      ctx.record({ ...change, action: 'create' });
      newSchedules.push(schedule);
    } else if (ctx.mode === 'create-only' || sameContent(existing, schedule)) {
      ctx.unchanged('timeSchedule');
    } else {
      await ctx.apply({ ...change, action: 'update' }, () => ctx.storage.updateTimeSchedule(schedule));
    }
  }
  const storedChanges = new Map(
    (ctx.mode === 'replace' || plan.scheduledChanges.length > 0
      ? await ctx.storage.getScheduledChanges({ pendingOnly: false })
      : []
    ).map((c) => [c.id, c]),
  );
  const newChanges: ScheduledFlagChangeInput[] = [];
  for (const input of plan.scheduledChanges) {
    const scheduled = { ...input, flagId: ctx.flagId(input.flagId) };
    const existing = storedChanges.get(scheduled.id);
    const change = {
      kind: 'scheduledChange',
      id: scheduled.id,
      label: `${scheduled.changeType} ${scheduled.id}`,
    } as const;
    if (existing === undefined) {
      ctx.record({ ...change, action: 'create' });
      newChanges.push(scheduled);
    } else if (ctx.mode === 'create-only' || sameContent(existing, scheduled)) {
      ctx.unchanged('scheduledChange');
    } else {
      await ctx.apply({ ...change, action: 'update' }, () => ctx.storage.updateScheduledChange(scheduled));
    }
  }
  await createAll(ctx, newSchedules, ctx.storage.createTimeSchedules, ctx.storage.createTimeSchedule);
  await createAll(ctx, newChanges, ctx.storage.createScheduledChanges, ctx.storage.createScheduledChange);
  await ctx.drain();
}

/**
 * Rollout phases, matched by id or by (flag, phase number). The protocol has no phase update, so a
 * changed phase is deleted and created again.
 */
export async function writeRolloutPhases(ctx: WriteContext, plan: ImportPlan): Promise<void> {
  const byFlag = new Map<string, RolloutPhase[]>();
  for (const input of plan.rolloutPhases) {
    const phase = { ...input, flagId: ctx.flagId(input.flagId) };
    const list = byFlag.get(phase.flagId);
    if (list) list.push(phase);
    else byFlag.set(phase.flagId, [phase]);
  }
  const newPhases: RolloutPhase[] = [];
  for (const [flagId, phases] of byFlag) {
    const stored = await ctx.storage.getRolloutPhases(flagId);
    for (const phase of phases) {
      const existing = stored.find((p) => p.id === phase.id) ?? stored.find((p) => p.phaseNumber === phase.phaseNumber);
      const change = { kind: 'rolloutPhase', id: phase.id, label: `phase ${phase.phaseNumber} ${phase.id}` } as const;
      if (existing === undefined) {
        ctx.record({ ...change, action: 'create' });
        newPhases.push(phase);
      } else if (ctx.mode === 'create-only' || sameContent(existing, phase)) {
        ctx.unchanged('rolloutPhase');
      } else {
        await ctx.apply({ ...change, action: 'update' }, async () => {
          await ctx.storage.deleteRolloutPhase(existing.id);
          await ctx.storage.createRolloutPhase(phase);
        });
      }
    }
  }
  await createAll(ctx, newPhases, ctx.storage.createRolloutPhases, ctx.storage.createRolloutPhase);
  await ctx.drain();
}
