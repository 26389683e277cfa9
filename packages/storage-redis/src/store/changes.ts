import type { ScheduledChangeQuery, ScheduledFlagChange, ScheduledFlagChangeInput } from '@flags/core';
import { ConflictError, createScheduledChange, encodeModel, NotFoundError } from '@flags/core';
import { requireScheduledChangeBatch } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import { compareDates, compareText } from './compare.js';
import type { StoreContext } from './context.js';
import type { Transaction } from './transaction.js';

const MODEL = 'scheduled change';

function noFlag(flagId: string): () => Error {
  return () => new NotFoundError(`${PACKAGE} no flag has id "${flagId}"`);
}

/** From `changes_pending`, `changes` or `flag_changes:<flagId>`, in one script call. */
export async function getScheduledChanges(
  ctx: StoreContext,
  query: ScheduledChangeQuery = {},
): Promise<ScheduledFlagChange[]> {
  const keys = ctx.keys;
  const pendingOnly = query.pendingOnly ?? true;
  const index =
    query.flagId !== undefined ? keys.flagChanges(query.flagId) : pendingOnly ? keys.pendingChanges : keys.changes;
  const docs = await ctx.collect(index, 'members', [keys.changePrefix], 'reading scheduled changes');
  const changes = docs.map((doc) => ctx.decode('scheduledChange', doc)).filter((c) => !pendingOnly || !c.executed);
  return changes.sort((a, b) => compareDates(a.scheduledAt, b.scheduledAt) || compareText(a.id, b.id));
}

/** Adds the checks and writes that store `change` (encoded as `doc`) to `tx`. */
function addInsert(ctx: StoreContext, tx: Transaction, change: ScheduledFlagChange, doc: string): void {
  const keys = ctx.keys;
  tx.exists(keys.flagId(change.flagId), noFlag(change.flagId))
    .absent(keys.change(change.id), () => new ConflictError(`${PACKAGE} ${MODEL} id "${change.id}" is taken`))
    .set(keys.change(change.id), doc)
    .sadd(keys.changes, change.id)
    .sadd(keys.flagChanges(change.flagId), change.id)
    .change('scheduled-change', change.id, 'upsert', { idKey: keys.flagId(change.flagId) });
  if (!change.executed) tx.sadd(keys.pendingChanges, change.id);
}

export async function insertScheduledChange(
  ctx: StoreContext,
  input: ScheduledFlagChangeInput,
): Promise<ScheduledFlagChange> {
  const [stored] = await storeScheduledChanges(ctx, [createScheduledChange(input)]);
  return stored!;
}

/** Many changes in one script call: every check passes before any write, so it is all or nothing. */
export async function insertScheduledChanges(
  ctx: StoreContext,
  inputs: readonly ScheduledFlagChangeInput[],
): Promise<ScheduledFlagChange[]> {
  return storeScheduledChanges(ctx, requireScheduledChangeBatch(inputs));
}

/** Stores validated records (see {@link insertScheduledChanges}). */
async function storeScheduledChanges(
  ctx: StoreContext,
  batch: readonly ScheduledFlagChange[],
): Promise<ScheduledFlagChange[]> {
  if (batch.length === 0) return [];
  const now = ctx.now();
  const docs = batch.map((change) => encodeModel({ ...change, createdAt: now, updatedAt: now }));
  return ctx.atomically(`creating ${batch.length === 1 ? MODEL : 'scheduled changes'}`, async () => {
    const tx = ctx.tx();
    for (const [i, change] of batch.entries()) addInsert(ctx, tx, change, docs[i]!);
    return { tx, result: docs.map((doc) => ctx.decode('scheduledChange', doc)) };
  });
}

export async function replaceScheduledChange(
  ctx: StoreContext,
  input: ScheduledFlagChange | ScheduledFlagChangeInput,
): Promise<ScheduledFlagChange> {
  const change = createScheduledChange(input);
  const keys = ctx.keys;
  const action = `updating ${MODEL} "${change.id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(keys.change(change.id), action);
    if (raw === null) throw new NotFoundError(`${PACKAGE} no ${MODEL} has id "${change.id}"`);
    const current = ctx.decode('scheduledChange', raw);
    const doc = encodeModel({ ...change, createdAt: current.createdAt, updatedAt: ctx.now() });
    const tx = ctx
      .tx()
      .expect(keys.change(change.id), raw)
      .exists(keys.flagId(change.flagId), noFlag(change.flagId))
      .set(keys.change(change.id), doc)
      .change('scheduled-change', change.id, 'upsert', { idKey: keys.flagId(change.flagId) });
    if (current.flagId !== change.flagId) {
      tx.srem(keys.flagChanges(current.flagId), change.id).sadd(keys.flagChanges(change.flagId), change.id);
    }
    if (change.executed) tx.srem(keys.pendingChanges, change.id);
    else tx.sadd(keys.pendingChanges, change.id);
    return { tx, result: ctx.decode('scheduledChange', doc) };
  });
}

export async function removeScheduledChange(ctx: StoreContext, id: string): Promise<boolean> {
  const keys = ctx.keys;
  const action = `deleting ${MODEL} "${id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(keys.change(id), action);
    if (raw === null) return { result: false };
    const { flagId } = ctx.decode('scheduledChange', raw);
    const tx = ctx
      .tx()
      .expect(keys.change(id), raw)
      .del(keys.change(id))
      .srem(keys.changes, id)
      .srem(keys.pendingChanges, id)
      .srem(keys.flagChanges(flagId), id)
      .change('scheduled-change', id, 'delete', { idKey: keys.flagId(flagId) });
    return { tx, result: true };
  });
}
