import { ValidationError } from '../errors.js';
import type { FlagOverride, OverrideEntity } from '../models/override.js';
import { sameContent } from './compare.js';
import type { ImportProgress } from './import-options.js';
import { decodeRecord } from './records.js';
import type { WriteContext } from './write-context.js';

/** The store's identity of an override. */
export function overrideIdentity(flagId: string, entityType: string, entityId: string): string {
  return `${flagId}\u0000${entityType}\u0000${entityId}`;
}

interface OverrideStreamOptions {
  batchSize: number;
  nowMs: number;
  total: number;
  onProgress: ((progress: ImportProgress) => void) | undefined;
  /** Filled with the identity of every override of the input (`replace` mode needs them). */
  seen: Set<string> | null;
}

/**
 * The second pass over the input, for its overrides: in batches, one read of the batch's stored
 * overrides (to skip unchanged ones), then the changed ones written — in one `upsertOverrides` call
 * when the backend has it, else one `upsertOverride` each, in parallel. Memory holds a few batches,
 * whatever the number of overrides.
 */
export async function writeOverrides(
  ctx: WriteContext,
  entries: AsyncIterable<unknown>,
  options: OverrideStreamOptions,
): Promise<void> {
  let batch: FlagOverride[] = [];
  let position = 0;
  for await (const entry of entries) {
    position++;
    if (position === 1) continue;
    if (position % options.batchSize === 0) {
      options.onProgress?.({ phase: 'write', done: position - 1, total: options.total });
    }
    if (typeof entry !== 'object' || entry === null || (entry as { kind?: unknown }).kind !== 'override') continue;
    const decoded = decodeRecord(entry, position);
    if (decoded.kind !== 'override') continue;
    const override = decoded.model;
    if (override.expiresAt !== null && override.expiresAt.getTime() <= options.nowMs) {
      ctx.result.expiredOverrides++;
      continue;
    }
    batch.push({ ...override, flagId: ctx.flagId(override.flagId) });
    if (batch.length >= options.batchSize) {
      await writeBatch(ctx, batch, options.seen);
      batch = [];
    }
  }
  if (position - 1 !== ctx.result.records) {
    throw new ValidationError(
      [
        {
          path: '',
          message: `the input changed during the import (${ctx.result.records} records, then ${position - 1})`,
        },
      ],
      'document',
    );
  }
  if (batch.length > 0) await writeBatch(ctx, batch, options.seen);
  await ctx.drain();
  options.onProgress?.({ phase: 'write', done: options.total, total: options.total });
}

/**
 * The stored overrides of the batch's entities, read only for flags the store held before this
 * import: a flag the import created has none (an override another writer adds to it meanwhile is
 * replaced, as an upsert would, and counted as created). A copy into an empty store reads nothing.
 */
async function storedOverrides(ctx: WriteContext, batch: readonly FlagOverride[]): Promise<Map<string, FlagOverride>> {
  const read = batch.filter((o) => !ctx.createdFlagIds.has(o.flagId));
  const stored = new Map<string, FlagOverride>();
  if (read.length === 0) return stored;
  const flagIds = [...new Set(read.map((o) => o.flagId))];
  const entities = new Map<string, OverrideEntity>();
  for (const o of read) {
    entities.set(`${o.entityType}\u0000${o.entityId}`, { entityType: o.entityType, entityId: o.entityId });
  }
  for (const o of await ctx.storage.getOverridesForFlags(flagIds, [...entities.values()])) {
    stored.set(overrideIdentity(o.flagId, o.entityType, o.entityId), o);
  }
  return stored;
}

async function writeBatch(ctx: WriteContext, batch: FlagOverride[], seen: Set<string> | null): Promise<void> {
  const stored = await storedOverrides(ctx, batch);
  // By identity: a later record of the same entity replaces an earlier one, as it would in the store.
  const writes = new Map<string, FlagOverride>();
  for (const override of batch) {
    const identity = overrideIdentity(override.flagId, override.entityType, override.entityId);
    seen?.add(identity);
    const existing = stored.get(identity);
    const change = {
      kind: 'override',
      id: existing?.id ?? override.id,
      label: `${override.entityType}:${override.entityId}`,
    } as const;
    if (existing === undefined) {
      ctx.record({ ...change, action: 'create' });
      writes.set(identity, override);
    } else if (ctx.mode === 'create-only' || sameContent(existing, override, ['id'])) {
      ctx.unchanged('override');
    } else {
      ctx.record({ ...change, action: 'update' });
      writes.set(identity, { ...override, id: existing.id });
    }
    // A later record of the same entity in this batch sees this one as stored.
    stored.set(identity, override);
  }
  await writeAll(ctx, [...writes.values()]);
}

/** One batch write when the backend has `upsertOverrides` (a bounded number of round trips), else one write each. */
async function writeAll(ctx: WriteContext, overrides: FlagOverride[]): Promise<void> {
  if (overrides.length === 0) return;
  const storage = ctx.storage;
  if (typeof storage.upsertOverrides === 'function') {
    await ctx.write(() => storage.upsertOverrides!(overrides));
    return;
  }
  for (const override of overrides) await ctx.write(() => storage.upsertOverride(override));
}
