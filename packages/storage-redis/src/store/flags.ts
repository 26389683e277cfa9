import type { FeatureFlag, FeatureFlagInput, WriteOptions } from '@flags/core';
import { ConflictError, createFlag, generateId, NotFoundError, StorageError } from '@flags/core';
import { requireFlagBatch } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import { DELETE_FLAG } from '../scripts.js';
import type { StoreContext } from './context.js';
import { checkFence } from './fence.js';
import { encodeFlagDocument } from './flag-document.js';

export async function insertFlag(ctx: StoreContext, input: FeatureFlagInput): Promise<FeatureFlag> {
  const flag = createFlag(input);
  const now = ctx.now();
  const doc = encodeFlagDocument({ ...flag, timeSchedules: [], version: 1, createdAt: now, updatedAt: now });
  const keys = ctx.keys;
  return ctx.atomically(`creating flag "${flag.key}"`, async () => {
    const tx = ctx
      .tx()
      .absent(keys.flag(flag.key), () => new ConflictError(`${PACKAGE} flag key "${flag.key}" is taken`))
      .absent(keys.flagId(flag.id), () => new ConflictError(`${PACKAGE} flag id "${flag.id}" is taken`))
      .setStamped(keys.flag(flag.key), doc, keys.flagStamps, flag.key)
      .set(keys.flagId(flag.id), flag.key)
      .sadd(keys.flags, flag.key)
      .change('flag', flag.id, 'upsert', { key: flag.key });
    if (flag.status === 'active') tx.sadd(keys.activeFlags, flag.key);
    return { tx, result: ctx.decode('flag', doc) };
  });
}

/**
 * Many {@link insertFlag}s in one script call: every key and id is checked free before any write,
 * so the batch is all or nothing.
 */
export async function insertFlags(ctx: StoreContext, inputs: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
  const batch = requireFlagBatch(inputs);
  if (batch.length === 0) return [];
  const now = ctx.now();
  const keys = ctx.keys;
  const docs = batch.map((flag) =>
    encodeFlagDocument({ ...flag, timeSchedules: [], version: 1, createdAt: now, updatedAt: now }),
  );
  return ctx.atomically('creating flags', async () => {
    const tx = ctx.tx();
    batch.forEach((flag, i) => {
      tx.absent(keys.flag(flag.key), () => new ConflictError(`${PACKAGE} flag key "${flag.key}" is taken`))
        .absent(keys.flagId(flag.id), () => new ConflictError(`${PACKAGE} flag id "${flag.id}" is taken`))
        .setStamped(keys.flag(flag.key), docs[i]!, keys.flagStamps, flag.key)
        .set(keys.flagId(flag.id), flag.key)
        .sadd(keys.flags, flag.key)
        .change('flag', flag.id, 'upsert', { key: flag.key });
      if (flag.status === 'active') tx.sadd(keys.activeFlags, flag.key);
    });
    return { tx, result: docs.map((doc) => ctx.decode('flag', doc)) };
  });
}

/** Versioned replace: compare-and-set on the whole stored document, which carries the version. */
export async function replaceFlag(
  ctx: StoreContext,
  input: FeatureFlag | FeatureFlagInput,
  options?: WriteOptions,
): Promise<FeatureFlag> {
  const flag = createFlag(input);
  const keys = ctx.keys;
  const action = `updating flag "${flag.key}"`;
  return ctx.atomically(action, async () => {
    const fenced = await checkFence(ctx, options, 'flag', action);
    const raw = await ctx.get(keys.flag(flag.key), action);
    const current = raw === null ? null : ctx.decode('flag', raw);
    if (!current || current.id !== flag.id) {
      throw new NotFoundError(`${PACKAGE} no flag has key "${flag.key}" and id "${flag.id}"`);
    }
    if (flag.version !== current.version) {
      throw new ConflictError(
        `${PACKAGE} flag "${flag.key}" is at version ${current.version}, the update carried version ${flag.version}`,
      );
    }
    const doc = encodeFlagDocument({
      ...flag,
      timeSchedules: current.timeSchedules,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: ctx.now(),
    });
    const tx = fenced(ctx.tx())
      .expect(keys.flag(flag.key), raw)
      .setStamped(keys.flag(flag.key), doc, keys.flagStamps, flag.key)
      .change('flag', flag.id, 'upsert', { key: flag.key });
    if (flag.status === 'active') tx.sadd(keys.activeFlags, flag.key);
    else tx.srem(keys.activeFlags, flag.key);
    return { tx, result: ctx.decode('flag', doc) };
  });
}

/** Deletes the flag and everything of it in one script; false when no flag has this key. */
export async function removeFlag(ctx: StoreContext, key: string): Promise<boolean> {
  const keys = ctx.keys;
  const action = `deleting flag "${key}"`;
  // The script refuses (0) only if the flag was replaced between our read and it: read again.
  for (let round = 0; round < 10; round++) {
    const raw = await ctx.get(keys.flag(key), action);
    if (raw === null) return false;
    const { id } = ctx.decode('flag', raw);
    const scriptKeys = [
      keys.revision,
      keys.flag(key),
      keys.flags,
      keys.activeFlags,
      keys.flagId(id),
      keys.flagOverrides(id),
      keys.flagChanges(id),
      keys.flagSchedules(id),
      keys.flagPhases(id),
      keys.changes,
      keys.pendingChanges,
      keys.schedules,
      keys.pendingPhases,
      keys.flagStamps,
      keys.feed,
      keys.feedHead,
      keys.feedStart,
    ];
    const feed = ctx.feedArguments();
    const args = [generateId(), key, keys.prefix, id, String(feed.now), String(feed.maxChanges), String(feed.maxAgeMs)];
    const deleted = await ctx.exec.evalWrite(DELETE_FLAG, scriptKeys, [...args, feed.channel], action);
    if (deleted === 1) return true;
  }
  throw new StorageError(`${PACKAGE} ${action} failed: the flag kept being replaced`);
}
