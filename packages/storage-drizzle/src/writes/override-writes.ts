import { ConflictError, createOverride, type FlagOverride, type FlagOverrideInput } from '@flags/core';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { decodeOverride, parseDocument } from '../codec/decode.js';
import { documentOf } from '../codec/documents.js';
import { rowOf } from '../codec/rows.js';
import { PACKAGE } from '../errors/errors.js';
import { isStorableEntity, isStorableText } from '../lookups/storable.js';
import { OVERRIDE_FIELDS } from '../schema/fields.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';
import { lockRows } from './cascade.js';
import type { Writer } from './writer.js';

/**
 * Override writes, keyed by `(flagId, entityType, entityId)` (the unique index). An expired override
 * counts as absent, as on every other backend: it is never returned, deleting it gives false, and an
 * upsert replaces it with a new override (new id, new `createdAt`).
 */
export class OverrideWrites {
  constructor(
    private readonly t: FlagsTableSet,
    private readonly writer: Writer,
  ) {}

  private entity(flagId: string, entityType: string, entityId: string) {
    const o = this.t.flagOverrides;
    return and(eq(o.flagId, flagId), eq(o.entityType, entityType), eq(o.entityId, entityId));
  }

  private unexpired(now: Date) {
    const o = this.t.flagOverrides;
    return or(isNull(o.expiresAt), gt(o.expiresAt, now));
  }

  /**
   * A live override of the entity is updated in place (keeping its `id` and `createdAt`; the `id` of
   * the input is ignored). Otherwise the input is inserted with its `id`, which must not belong to
   * another entity's override (ConflictError; never an update of that other row — MySQL's
   * `ON DUPLICATE KEY` would fire on the primary key too, so it only ever runs once the id is known
   * to be free). Then the row is read back: that is what the caller gets.
   */
  async upsert(input: FlagOverrideInput): Promise<FlagOverride> {
    const override = createOverride(input);
    const o = this.t.flagOverrides;
    const now = this.writer.now();
    const { flagId, entityType, entityId } = override;
    const dialect = this.writer.dialect;
    const changes = { enabled: override.enabled, value: override.value, expiresAt: override.expiresAt, updatedAt: now };
    return this.writer.run(
      'upsertOverride',
      async (tx) => {
        const [current] = await tx
          .select({ id: o.id, live: this.unexpired(now) })
          .from(o)
          .where(this.entity(flagId, entityType, entityId));
        // No row locks before writing: gap locks of concurrent upserts of new entities deadlock on
        // MySQL. A row deleted meanwhile makes the UPDATE match nothing, and it is inserted instead.
        const updated =
          current && isLive(current.live)
            ? this.writer.affected(
                await tx
                  .update(o)
                  .set(changes)
                  .where(this.entity(flagId, entityType, entityId)),
              )
            : 0;
        if (updated === 0) {
          if (current) await tx.delete(o).where(this.entity(flagId, entityType, entityId));
          await this.requireFreeId(tx, override.id);
          const row = { ...rowOf(override, OVERRIDE_FIELDS), createdAt: now, updatedAt: now };
          // A concurrent upsert of the same entity may insert first: then this one updates it.
          await dialect.upsert(tx.insert(o).values(row), [o.flagId, o.entityType, o.entityId], changes);
        }
        const [stored] = await tx
          .select({ doc: documentOf(dialect.sql, o, OVERRIDE_FIELDS) })
          .from(o)
          .where(this.entity(flagId, entityType, entityId));
        const result = decodeOverride(parseDocument(stored.doc));
        await this.writer.record(tx, [
          { kind: 'override', id: result.id, op: 'upsert', flagId, entity: { entityType, entityId } },
        ]);
        return result;
      },
      {
        foreignKey: `no flag has id "${flagId}"`,
        unique: `override id "${override.id}" is taken by another entity`,
      },
    );
  }

  private async requireFreeId(tx: AnyDatabase, id: string): Promise<void> {
    const o = this.t.flagOverrides;
    const [holder] = await tx.select({ id: o.id }).from(o).where(eq(o.id, id));
    if (holder) throw new ConflictError(`${PACKAGE} override id "${id}" is taken by another entity`);
  }

  /** True only when a live override was deleted; an expired one is cleared too, but it was already invisible. */
  async delete(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    if (!isStorableText(flagId) || !isStorableEntity({ entityType, entityId })) return false;
    const now = this.writer.now();
    return this.writer.run('deleteOverride', async (tx) => {
      const o = this.t.flagOverrides;
      const entity = this.entity(flagId, entityType, entityId);
      const [live] = await lockRows(
        tx
          .select({ id: o.id })
          .from(o)
          .where(and(entity, this.unexpired(now))),
        this.writer.dialect,
      );
      if (!live) {
        await tx.delete(o).where(entity);
        return false;
      }
      await tx.delete(o).where(eq(o.id, live.id));
      await this.writer.record(tx, [
        { kind: 'override', id: live.id, op: 'delete', flagId, entity: { entityType, entityId } },
      ]);
      return true;
    });
  }
}

/** A boolean expression as the drivers return it: `true`, `1`, or `"1"`. */
const isLive = (value: unknown) => value === true || value === 1 || value === '1' || value === 1n;
