import type { RolloutPhase, RolloutPhaseInput } from '@flags/core';
import { ConflictError, createRolloutPhase, encodeModel, NotFoundError } from '@flags/core';
import { requireRolloutPhaseBatch } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import { compareDates, compareText } from './compare.js';
import type { StoreContext } from './context.js';
import type { Transaction } from './transaction.js';

const MODEL = 'rollout phase';

/** From the hash `flag_phases:<flagId>` (phase number → id), in one script call. */
export async function getRolloutPhases(ctx: StoreContext, flagId: string): Promise<RolloutPhase[]> {
  const keys = ctx.keys;
  const docs = await ctx.collect(keys.flagPhases(flagId), 'hvals', [keys.phasePrefix], 'reading rollout phases');
  return docs.map((doc) => ctx.decode('rolloutPhase', doc)).sort((a, b) => a.phaseNumber - b.phaseNumber);
}

/** From the set `phases_pending`, in one script call. */
export async function getPendingRolloutPhases(ctx: StoreContext): Promise<RolloutPhase[]> {
  const keys = ctx.keys;
  const docs = await ctx.collect(keys.pendingPhases, 'members', [keys.phasePrefix], 'reading pending rollout phases');
  const pending = docs.map((doc) => ctx.decode('rolloutPhase', doc)).filter((phase) => !phase.executed);
  return pending.sort(
    (a, b) => compareDates(a.scheduledAt, b.scheduledAt) || a.phaseNumber - b.phaseNumber || compareText(a.id, b.id),
  );
}

/** Adds the checks and writes that store `phase` (encoded as `doc`) to `tx`. */
function addInsert(ctx: StoreContext, tx: Transaction, phase: RolloutPhase, doc: string): void {
  const keys = ctx.keys;
  const number = String(phase.phaseNumber);
  tx.exists(keys.flagId(phase.flagId), () => new NotFoundError(`${PACKAGE} no flag has id "${phase.flagId}"`))
    .absent(keys.phase(phase.id), () => new ConflictError(`${PACKAGE} ${MODEL} id "${phase.id}" is taken`))
    .expectField(
      keys.flagPhases(phase.flagId),
      number,
      null,
      () => new ConflictError(`${PACKAGE} flag "${phase.flagId}" already has ${MODEL} ${number}`),
    )
    .set(keys.phase(phase.id), doc)
    .hset(keys.flagPhases(phase.flagId), number, phase.id)
    .change('rollout-phase', phase.id, 'upsert', { idKey: keys.flagId(phase.flagId) });
  if (!phase.executed) tx.sadd(keys.pendingPhases, phase.id);
}

export async function insertRolloutPhase(ctx: StoreContext, input: RolloutPhaseInput): Promise<RolloutPhase> {
  const [stored] = await storeRolloutPhases(ctx, [createRolloutPhase(input)]);
  return stored!;
}

/** Many phases in one script call: every check passes before any write, so it is all or nothing. */
export async function insertRolloutPhases(
  ctx: StoreContext,
  inputs: readonly RolloutPhaseInput[],
): Promise<RolloutPhase[]> {
  return storeRolloutPhases(ctx, requireRolloutPhaseBatch(inputs));
}

/** Stores validated records (see {@link insertRolloutPhases}). */
async function storeRolloutPhases(ctx: StoreContext, batch: readonly RolloutPhase[]): Promise<RolloutPhase[]> {
  if (batch.length === 0) return [];
  const now = ctx.now();
  const docs = batch.map((phase) => encodeModel({ ...phase, createdAt: now, updatedAt: now }));
  return ctx.atomically(`creating ${batch.length === 1 ? MODEL : 'rollout phases'}`, async () => {
    const tx = ctx.tx();
    for (const [i, phase] of batch.entries()) addInsert(ctx, tx, phase, docs[i]!);
    return { tx, result: docs.map((doc) => ctx.decode('rolloutPhase', doc)) };
  });
}

export async function removeRolloutPhase(ctx: StoreContext, id: string): Promise<boolean> {
  const keys = ctx.keys;
  const action = `deleting ${MODEL} "${id}"`;
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(keys.phase(id), action);
    if (raw === null) return { result: false };
    const phase = ctx.decode('rolloutPhase', raw);
    const tx = ctx
      .tx()
      .expect(keys.phase(id), raw)
      .del(keys.phase(id))
      .hdel(keys.flagPhases(phase.flagId), String(phase.phaseNumber))
      .srem(keys.pendingPhases, id)
      .change('rollout-phase', id, 'delete', { idKey: keys.flagId(phase.flagId) });
    return { tx, result: true };
  });
}
