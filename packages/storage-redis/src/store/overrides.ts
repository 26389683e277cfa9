import type { FlagOverride, FlagOverrideInput, OverrideEntity } from '@flags/core';
import { ConflictError, createOverride, encodeModel, isOverrideExpired, NotFoundError } from '@flags/core';
import { requireOverrideBatch, storableEntities } from '@flags/core/backend';
import { PACKAGE } from '../errors.js';
import { READ_ENTITY_OVERRIDES } from '../feed-scripts.js';
import { compareText } from './compare.js';
import type { StoreContext } from './context.js';

/**
 * How long past its expiry a member of `flag_overrides:<flagId>` stays before a write prunes it:
 * long enough that Redis has surely expired the override's keys, so pruning never orphans one.
 */
const PRUNE_GRACE_MS = 1000;

function live(ctx: StoreContext, raws: readonly (string | null)[]): FlagOverride[] {
  const now = ctx.now();
  const found: FlagOverride[] = [];
  for (const raw of raws) {
    if (raw === null) continue;
    const override = ctx.decode('override', raw);
    if (!isOverrideExpired(override, now)) found.push(override);
  }
  return found;
}

export async function getOverride(
  ctx: StoreContext,
  flagId: string,
  entityType: string,
  entityId: string,
): Promise<FlagOverride | null> {
  const raw = await ctx.get(ctx.keys.override(flagId, entityType, entityId), 'reading an override');
  return live(ctx, [raw])[0] ?? null;
}

/** One MGET over every (flag, entity) pair. */
export async function getOverridesForFlags(
  ctx: StoreContext,
  flagIds: readonly string[],
  entities: readonly OverrideEntity[],
): Promise<FlagOverride[]> {
  const keys = new Set<string>();
  for (const flagId of flagIds) {
    for (const { entityType, entityId } of entities) keys.add(ctx.keys.override(flagId, entityType, entityId));
  }
  if (keys.size === 0) return [];
  return live(ctx, await ctx.mget([...keys], 'reading overrides'));
}

/** Every override of the entities across flags: their `entity_overrides:` sets, in one script call. */
export async function getOverridesForEntities(
  ctx: StoreContext,
  entities: readonly OverrideEntity[],
): Promise<FlagOverride[]> {
  const keys = ctx.keys;
  const sets = [...new Set(storableEntities(entities).map((e) => keys.entityOverrides(e.entityType, e.entityId)))];
  if (sets.length === 0) return [];
  const reply = await ctx.exec.eval(
    READ_ENTITY_OVERRIDES,
    [keys.entityIndexReady, keys.flags, ...sets],
    [keys.prefix],
    'reading overrides of entities',
  );
  const docs = (Array.isArray(reply) ? reply : []).filter((doc): doc is string => typeof doc === 'string');
  return live(ctx, docs);
}

/** Ids from `flag_overrides:<flagId>`, through `override_id:<id>` (the key without the prefix) to the documents: one script call. */
export async function listOverrides(ctx: StoreContext, flagId: string): Promise<FlagOverride[]> {
  const keys = ctx.keys;
  const docs = await ctx.collect(
    keys.flagOverrides(flagId),
    'zmembers',
    [keys.overrideIdPrefix, keys.prefix],
    'listing overrides',
  );
  return live(ctx, docs).sort((a, b) => compareText(a.entityType, b.entityType) || compareText(a.entityId, b.entityId));
}

/**
 * What an upsert of `override` stores over the document `raw` found under its key: a live override
 * replaced keeps its id and `createdAt`; an expired one counts as absent (`previous` is what the key held).
 */
function replacing(
  ctx: StoreContext,
  override: FlagOverride,
  raw: string | null,
  now: Date,
): { previous: FlagOverride | null; stored: FlagOverride } {
  const previous = raw === null ? null : ctx.decode('override', raw);
  const current = previous && !isOverrideExpired(previous, now) ? previous : null;
  const stored: FlagOverride = {
    ...override,
    id: current?.id ?? override.id,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  };
  return { previous, stored };
}

/**
 * Creates or replaces the override of the entity. A live override replaced keeps its id and
 * `createdAt`; an expired one counts as absent. Overrides with `expiresAt` get the same TTL on their
 * document and on their id key, reckoned from the backend's clock (so a clock set apart from the
 * server's still expires them when the app thinks they expire), so Redis drops both then.
 */
export async function upsertOverride(ctx: StoreContext, input: FlagOverrideInput): Promise<FlagOverride> {
  const override = createOverride(input);
  const keys = ctx.keys;
  const key = keys.override(override.flagId, override.entityType, override.entityId);
  const index = keys.flagOverrides(override.flagId);
  const action = 'writing an override';
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(key, action);
    const now = ctx.now();
    const { previous, stored } = replacing(ctx, override, raw, now);
    const doc = encodeModel(stored);
    const tx = ctx
      .tx()
      .exists(keys.flagId(stored.flagId), () => new NotFoundError(`${PACKAGE} no flag has id "${stored.flagId}"`))
      .expect(key, raw);
    if (previous?.id !== stored.id) {
      tx.absent(keys.overrideId(stored.id), () => new ConflictError(`${PACKAGE} override id "${stored.id}" is taken`));
    }
    if (previous && previous.id !== stored.id) tx.del(keys.overrideId(previous.id)).zrem(index, previous.id);
    const expiresAt = stored.expiresAt?.getTime();
    const entity = { entityType: stored.entityType, entityId: stored.entityId };
    const entityIndex = keys.entityOverrides(stored.entityType, stored.entityId);
    tx.set(key, doc)
      .set(keys.overrideId(stored.id), key.slice(keys.prefix.length))
      .zadd(entityIndex, expiresAt === undefined ? '+inf' : String(expiresAt), key.slice(keys.prefix.length))
      .change('override', stored.id, 'upsert', { idKey: keys.flagId(stored.flagId) }, entity)
      .zadd(index, expiresAt === undefined ? '+inf' : String(expiresAt), stored.id);
    if (expiresAt !== undefined) {
      const ttl = expiresAt - now.getTime();
      tx.expireIn(key, ttl).expireIn(keys.overrideId(stored.id), ttl);
    }
    tx.zprune(index, now.getTime() - PRUNE_GRACE_MS)
      .zprune(entityIndex, now.getTime())
      .zexpire(entityIndex, now.getTime());
    return { tx, result: ctx.decode('override', doc) };
  });
}

/**
 * Many {@link upsertOverride}s in one MGET and one script call: every check (flags exist, documents
 * unchanged since the read, ids free) passes before any write, so the batch is all or nothing. An
 * id another override of the batch frees (an expired one replaced) may be taken by a later one.
 */
export async function upsertOverrides(
  ctx: StoreContext,
  inputs: readonly FlagOverrideInput[],
): Promise<FlagOverride[]> {
  const batch = requireOverrideBatch(inputs);
  if (batch.length === 0) return [];
  const keys = ctx.keys;
  const entityKeys = batch.map((o) => keys.override(o.flagId, o.entityType, o.entityId));
  const action = 'writing overrides';
  return ctx.atomically(action, async () => {
    const raws = await ctx.mget(entityKeys, action);
    const now = ctx.now();
    const tx = ctx.tx();
    const flagsChecked = new Set<string>();
    const claimed = new Set<string>();
    const freed = new Set<string>();
    const docs: string[] = [];
    const entityIndexes = new Set<string>();
    batch.forEach((override, i) => {
      const key = entityKeys[i]!;
      const raw = raws[i] ?? null;
      const index = keys.flagOverrides(override.flagId);
      const { previous, stored } = replacing(ctx, override, raw, now);
      const taken = () => new ConflictError(`${PACKAGE} override id "${stored.id}" is taken`);
      if (claimed.has(stored.id)) throw taken();
      claimed.add(stored.id);
      if (!flagsChecked.has(stored.flagId)) {
        flagsChecked.add(stored.flagId);
        tx.exists(keys.flagId(stored.flagId), () => new NotFoundError(`${PACKAGE} no flag has id "${stored.flagId}"`));
      }
      tx.expect(key, raw);
      if (previous?.id !== stored.id && !freed.has(stored.id)) tx.absent(keys.overrideId(stored.id), taken);
      if (previous && previous.id !== stored.id) {
        freed.add(previous.id);
        tx.del(keys.overrideId(previous.id)).zrem(index, previous.id);
      }
      const doc = encodeModel(stored);
      docs.push(doc);
      const expiresAt = stored.expiresAt?.getTime();
      const entity = { entityType: stored.entityType, entityId: stored.entityId };
      const entityIndex = keys.entityOverrides(stored.entityType, stored.entityId);
      tx.set(key, doc)
        .set(keys.overrideId(stored.id), key.slice(keys.prefix.length))
        .zadd(index, expiresAt === undefined ? '+inf' : String(expiresAt), stored.id)
        .zadd(entityIndex, expiresAt === undefined ? '+inf' : String(expiresAt), key.slice(keys.prefix.length))
        .change('override', stored.id, 'upsert', { idKey: keys.flagId(stored.flagId) }, entity);
      if (expiresAt !== undefined) {
        const ttl = expiresAt - now.getTime();
        tx.expireIn(key, ttl).expireIn(keys.overrideId(stored.id), ttl);
      }
      entityIndexes.add(entityIndex);
    });
    for (const flagId of flagsChecked) tx.zprune(keys.flagOverrides(flagId), now.getTime() - PRUNE_GRACE_MS);
    for (const entityIndex of entityIndexes) tx.zprune(entityIndex, now.getTime()).zexpire(entityIndex, now.getTime());
    return { tx, result: docs.map((doc) => ctx.decode('override', doc)) };
  });
}

/** False when there was no live override (an expired one still present is dropped all the same). */
export async function removeOverride(
  ctx: StoreContext,
  flagId: string,
  entityType: string,
  entityId: string,
): Promise<boolean> {
  const keys = ctx.keys;
  const key = keys.override(flagId, entityType, entityId);
  const action = 'deleting an override';
  return ctx.atomically(action, async () => {
    const raw = await ctx.get(key, action);
    if (raw === null) return { result: false };
    const previous = ctx.decode('override', raw);
    const tx = ctx
      .tx()
      .expect(key, raw)
      .del(key)
      .del(keys.overrideId(previous.id))
      .zrem(keys.flagOverrides(previous.flagId), previous.id)
      .zrem(keys.entityOverrides(entityType, entityId), key.slice(keys.prefix.length))
      .zexpire(keys.entityOverrides(entityType, entityId), ctx.now().getTime());
    const live = !isOverrideExpired(previous, ctx.now());
    // An expired override was already invisible: dropping it is no change a reader could see.
    if (live)
      tx.change('override', previous.id, 'delete', { idKey: keys.flagId(previous.flagId) }, { entityType, entityId });
    return { tx, result: live };
  });
}
