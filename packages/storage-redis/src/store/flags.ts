import type { FeatureFlag, FeatureFlagInput } from '@flags/core';
import { ConflictError, createFlag, encodeModel, generateId, NotFoundError, StorageError } from '@flags/core';
import { PACKAGE } from '../errors.js';
import { DELETE_FLAG } from '../scripts.js';
import { compareText } from './compare.js';
import type { StoreContext } from './context.js';

/** The flag stored under this key, time schedules included (they are kept inside its document). */
export async function getFlag(ctx: StoreContext, key: string): Promise<FeatureFlag | null> {
  const redisKey = ctx.keys.flag(key);
  const raw = await ctx.get(redisKey, `reading flag "${key}"`);
  return raw === null ? null : ctx.decodeFlag(redisKey, raw);
}

/** One MGET for any number of keys. */
export async function getFlags(ctx: StoreContext, keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
  const unique = [...new Set(keys)];
  const redisKeys = unique.map((key) => ctx.keys.flag(key));
  const raws = await ctx.mget(redisKeys, 'reading flags');
  const found = new Map<string, FeatureFlag>();
  raws.forEach((raw, i) => {
    if (raw !== null) found.set(unique[i]!, ctx.decodeFlag(redisKeys[i]!, raw));
  });
  return found;
}

/** Every flag (or every active one, from the `flags_active` index), sorted by key; one script call. */
export async function getAllFlags(ctx: StoreContext, activeOnly: boolean): Promise<FeatureFlag[]> {
  const index = activeOnly ? ctx.keys.activeFlags : ctx.keys.flags;
  const docs = await ctx.collectNamed(index, 'members', [ctx.keys.flagPrefix], 'reading all flags');
  const flags: FeatureFlag[] = [];
  for (const [key, doc] of docs) {
    const flag = ctx.decodeFlag(key, doc);
    if (!activeOnly || flag.status === 'active') flags.push(flag);
  }
  return flags.sort((a, b) => compareText(a.key, b.key));
}

export async function insertFlag(ctx: StoreContext, input: FeatureFlagInput): Promise<FeatureFlag> {
  const flag = createFlag(input);
  const now = new Date();
  const doc = encodeModel({ ...flag, timeSchedules: [], version: 1, createdAt: now, updatedAt: now });
  const keys = ctx.keys;
  return ctx.atomically(`creating flag "${flag.key}"`, async () => {
    const tx = ctx
      .tx()
      .absent(keys.flag(flag.key), () => new ConflictError(`${PACKAGE} flag key "${flag.key}" is taken`))
      .absent(keys.flagId(flag.id), () => new ConflictError(`${PACKAGE} flag id "${flag.id}" is taken`))
      .set(keys.flag(flag.key), doc)
      .set(keys.flagId(flag.id), flag.key)
      .sadd(keys.flags, flag.key);
    if (flag.status === 'active') tx.sadd(keys.activeFlags, flag.key);
    return { tx, result: ctx.decode('flag', doc) };
  });
}

/** Versioned replace: compare-and-set on the whole stored document, which carries the version. */
export async function replaceFlag(ctx: StoreContext, input: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
  const flag = createFlag(input);
  const keys = ctx.keys;
  const action = `updating flag "${flag.key}"`;
  return ctx.atomically(action, async () => {
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
    const doc = encodeModel({
      ...flag,
      timeSchedules: current.timeSchedules,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: new Date(),
    });
    const tx = ctx.tx().expect(keys.flag(flag.key), raw).set(keys.flag(flag.key), doc);
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
    ];
    const deleted = await ctx.exec.eval(DELETE_FLAG, scriptKeys, [generateId(), key, keys.prefix], action);
    if (deleted === 1) return true;
  }
  throw new StorageError(`${PACKAGE} ${action} failed: the flag kept being replaced`);
}
