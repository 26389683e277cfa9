import { createOverride, type FlagOverride, type FlagOverrideInput } from '@flags/core';
import { and, eq } from 'drizzle-orm';
import { decodeOverride, parseDocument } from '../codec/decode.js';
import { documentOf } from '../codec/documents.js';
import { rowOf } from '../codec/rows.js';
import { OVERRIDE_FIELDS } from '../schema/fields.js';
import type { FlagsTableSet } from '../schema/types.js';
import type { Writer } from './writer.js';

/** Override writes, keyed by `(flagId, entityType, entityId)` (the unique index). */
export class OverrideWrites {
  constructor(
    private readonly t: FlagsTableSet,
    private readonly writer: Writer,
  ) {}

  private entity(flagId: string, entityType: string, entityId: string) {
    const o = this.t.flagOverrides;
    return and(eq(o.flagId, flagId), eq(o.entityType, entityType), eq(o.entityId, entityId));
  }

  /**
   * Insert, or on the unique key update in place (so a replaced override keeps its `id` and
   * `createdAt`), then read the row back: that is what the caller gets.
   */
  async upsert(input: FlagOverrideInput): Promise<FlagOverride> {
    const override = createOverride(input);
    const o = this.t.flagOverrides;
    const now = this.writer.now();
    const row = { ...rowOf(override, OVERRIDE_FIELDS), createdAt: now, updatedAt: now };
    const changes = { enabled: override.enabled, value: override.value, expiresAt: override.expiresAt, updatedAt: now };
    const dialect = this.writer.dialect;
    return this.writer.run(
      'upsertOverride',
      async (tx) => {
        await dialect.upsert(tx.insert(o).values(row), [o.flagId, o.entityType, o.entityId], changes);
        await this.writer.bump(tx);
        const [stored] = await tx
          .select({ doc: documentOf(dialect.sql, o, OVERRIDE_FIELDS) })
          .from(o)
          .where(this.entity(override.flagId, override.entityType, override.entityId));
        return decodeOverride(parseDocument(stored.doc));
      },
      {
        foreignKey: `no flag has id "${override.flagId}"`,
        unique: `override id "${override.id}" is taken by another entity`,
      },
    );
  }

  async delete(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return this.writer.run('deleteOverride', async (tx) => {
      const result = await tx.delete(this.t.flagOverrides).where(this.entity(flagId, entityType, entityId));
      if (this.writer.affected(result) === 0) return false;
      await this.writer.bump(tx);
      return true;
    });
  }
}
