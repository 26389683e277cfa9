import type { FeatureFlag, TimeSchedule, TimeScheduleInput, TimeScheduleQuery } from '@flags/core';
import { ConflictError, createTimeSchedule, encodeModel, NotFoundError } from '@flags/core';
import { requireTimeScheduleBatch } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import { compareText } from './compare.js';
import type { StoreContext } from './context.js';
import { encodeFlagDocument } from './flag-document.js';
import type { Transaction } from './transaction.js';

const MODEL = 'time schedule';

function compareSchedules(a: TimeSchedule, b: TimeSchedule): number {
  return compareText(a.flagId, b.flagId) || compareText(a.name, b.name) || compareText(a.id, b.id);
}

/** A flag as read for a schedule write: its document is compared-and-set with the schedule's. */
interface OwnerFlag {
  raw: string;
  flag: FeatureFlag;
}

async function readOwner(ctx: StoreContext, flagId: string, action: string): Promise<OwnerFlag | null> {
  const [raw] = await ctx.collect(ctx.keys.flagId(flagId), 'get', [ctx.keys.flagPrefix], action);
  return raw === undefined ? null : { raw, flag: ctx.decode('flag', raw) };
}

/**
 * Rewrites the owner flag's document with `schedules` as its `timeSchedules` (so a flag read is one
 * GET), guarded by the flag still being the one read. Version and `updatedAt` stay: schedules are
 * not part of the flag's own versioned content.
 */
function rewriteOwner(ctx: StoreContext, tx: Transaction, owner: OwnerFlag, schedules: TimeSchedule[]): void {
  const keys = ctx.keys;
  const { flag } = owner;
  tx.expect(keys.flagId(flag.id), flag.key)
    .expect(keys.flag(flag.key), owner.raw)
    .setStamped(
      keys.flag(flag.key),
      encodeFlagDocument({ ...flag, timeSchedules: schedules.sort(compareSchedules) }),
      keys.flagStamps,
      flag.key,
    );
}

function without(owner: OwnerFlag, id: string): TimeSchedule[] {
  return owner.flag.timeSchedules.filter((schedule) => schedule.id !== id);
}

function noFlag(flagId: string): NotFoundError {
  return new NotFoundError(`${PACKAGE} no flag has id "${flagId}"`);
}

/** From `schedules` or `flag_schedules:<flagId>`, in one script call. */
export async function getTimeSchedules(ctx: StoreContext, query: TimeScheduleQuery = {}): Promise<TimeSchedule[]> {
  const keys = ctx.keys;
  const index = query.flagId === undefined ? keys.schedules : keys.flagSchedules(query.flagId);
  const docs = await ctx.collect(index, 'members', [keys.schedulePrefix], 'reading time schedules');
  return docs.map((doc) => ctx.decode('timeSchedule', doc)).sort(compareSchedules);
}

export async function insertTimeSchedule(ctx: StoreContext, input: TimeScheduleInput): Promise<TimeSchedule> {
  const [stored] = await storeTimeSchedules(ctx, [createTimeSchedule(input)]);
  return stored!;
}

/**
 * Many schedules in one script call (after one read of each owner flag): every check passes before
 * any write, so it is all or nothing. Each owner flag's document is rewritten once, with all of its
 * new schedules.
 */
export async function insertTimeSchedules(
  ctx: StoreContext,
  inputs: readonly TimeScheduleInput[],
): Promise<TimeSchedule[]> {
  return storeTimeSchedules(ctx, requireTimeScheduleBatch(inputs));
}

/** Stores validated records (see {@link insertTimeSchedules}). */
async function storeTimeSchedules(ctx: StoreContext, batch: readonly TimeSchedule[]): Promise<TimeSchedule[]> {
  if (batch.length === 0) return [];
  const keys = ctx.keys;
  const now = ctx.now();
  const docs = batch.map((schedule) => encodeModel({ ...schedule, createdAt: now, updatedAt: now }));
  const stored = docs.map((doc) => ctx.decode('timeSchedule', doc));
  const flagIds = [...new Set(batch.map((schedule) => schedule.flagId))];
  const action = `creating ${batch.length === 1 ? MODEL : 'time schedules'}`;
  return ctx.atomically(action, async () => {
    const owners = await Promise.all(flagIds.map((flagId) => readOwner(ctx, flagId, action)));
    const tx = ctx.tx();
    stored.forEach((schedule, i) => {
      tx.absent(keys.schedule(schedule.id), () => new ConflictError(`${PACKAGE} ${MODEL} id "${schedule.id}" is taken`))
        .set(keys.schedule(schedule.id), docs[i]!)
        .sadd(keys.schedules, schedule.id)
        .sadd(keys.flagSchedules(schedule.flagId), schedule.id)
        .change('time-schedule', schedule.id, 'upsert', { idKey: keys.flagId(schedule.flagId) });
    });
    flagIds.forEach((flagId, i) => {
      const owner = owners[i];
      if (!owner) throw noFlag(flagId);
      const added = stored.filter((schedule) => schedule.flagId === flagId);
      const ids = new Set(added.map((schedule) => schedule.id));
      const kept = owner.flag.timeSchedules.filter((schedule) => !ids.has(schedule.id));
      rewriteOwner(ctx, tx, owner, [...kept, ...added]);
    });
    return { tx, result: stored };
  });
}

export async function replaceTimeSchedule(
  ctx: StoreContext,
  input: TimeSchedule | TimeScheduleInput,
): Promise<TimeSchedule> {
  const schedule = createTimeSchedule(input);
  const keys = ctx.keys;
  const action = `updating ${MODEL} "${schedule.id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(keys.schedule(schedule.id), action);
    if (raw === null) throw new NotFoundError(`${PACKAGE} no ${MODEL} has id "${schedule.id}"`);
    const current = ctx.decode('timeSchedule', raw);
    const target = await readOwner(ctx, schedule.flagId, action);
    if (!target) throw noFlag(schedule.flagId);
    const doc = encodeModel({ ...schedule, createdAt: current.createdAt, updatedAt: ctx.now() });
    const tx = ctx
      .tx()
      .expect(keys.schedule(schedule.id), raw)
      .set(keys.schedule(schedule.id), doc)
      .change('time-schedule', schedule.id, 'upsert', { idKey: keys.flagId(schedule.flagId) });
    if (current.flagId !== schedule.flagId) {
      tx.srem(keys.flagSchedules(current.flagId), schedule.id).sadd(keys.flagSchedules(schedule.flagId), schedule.id);
      const source = await readOwner(ctx, current.flagId, action);
      if (source) rewriteOwner(ctx, tx, source, without(source, schedule.id));
    }
    rewriteOwner(ctx, tx, target, [...without(target, schedule.id), ctx.decode('timeSchedule', doc)]);
    return { tx, result: ctx.decode('timeSchedule', doc) };
  });
}

export async function removeTimeSchedule(ctx: StoreContext, id: string): Promise<boolean> {
  const keys = ctx.keys;
  const action = `deleting ${MODEL} "${id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(keys.schedule(id), action);
    if (raw === null) return { result: false };
    const { flagId } = ctx.decode('timeSchedule', raw);
    const tx = ctx
      .tx()
      .expect(keys.schedule(id), raw)
      .del(keys.schedule(id))
      .srem(keys.schedules, id)
      .srem(keys.flagSchedules(flagId), id)
      .change('time-schedule', id, 'delete', { idKey: keys.flagId(flagId) });
    const owner = await readOwner(ctx, flagId, action);
    if (owner) rewriteOwner(ctx, tx, owner, without(owner, id));
    return { tx, result: true };
  });
}
