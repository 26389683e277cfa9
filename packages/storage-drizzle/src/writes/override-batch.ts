import { ConflictError, type FlagOverride, type FlagOverrideInput } from '@flags/core';
import { overrideEntityKey, requireOverrideBatch } from '@flags/core/backend';
import { and, type Column, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { decodeOverride, parseDocument } from '../codec/decode.js';
import { documentOf } from '../codec/documents.js';
import { rowOf } from '../codec/rows.js';
import { PACKAGE } from '../errors/errors.js';
import { OVERRIDE_FIELDS } from '../schema/fields.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';
import { chunks } from './chunks.js';
import type { Writer } from './writer.js';

// Placeholders per statement stay far below every server's limit (SQLite 32,766, PostgreSQL and
// MySQL 65,535): 3 per entity matched, 9 per row inserted.
const MATCH_CHUNK = 1000;
const INSERT_CHUNK = 500;

const isLive = (value: unknown) => value === true || value === 1 || value === '1' || value === 1n;

/**
 * `upsertOverrides`: one transaction, in which one select finds the stored rows of the batch's
 * entities and ids, one multi-row insert (`on conflict … do update`, MySQL's `on duplicate key
 * update`) writes every override, and one select reads them back — a fixed number of statements for
 * up to 1,000 overrides, not one round trip per override. Same rules as a single upsert: a live
 * override keeps its id and `createdAt`; an expired one is replaced by the input; an id held by
 * another entity's override is a ConflictError (checked before writing, so MySQL's duplicate-key
 * clause never fires on the primary key of another row).
 */
export class OverrideBatchWrites {
  constructor(
    private readonly t: FlagsTableSet,
    private readonly writer: Writer,
  ) {}

  async upsert(inputs: readonly FlagOverrideInput[]): Promise<FlagOverride[]> {
    const batch = requireOverrideBatch(inputs);
    if (batch.length === 0) return [];
    const o = this.t.flagOverrides;
    const dialect = this.writer.dialect;
    return this.writer.run(
      'upsertOverrides',
      async (tx) => {
        const now = this.writer.now();
        const stored = await this.storedRows(tx, batch, now);
        const byEntity = new Map(stored.map((row) => [overrideEntityKey(row), row]));
        const holders = new Map(stored.map((row) => [row.id, overrideEntityKey(row)]));
        const expired: string[] = [];
        const claimed = new Set<string>();
        const rows = batch.map((override) => {
          const entity = overrideEntityKey(override);
          const current = byEntity.get(entity);
          const live = current?.live === true;
          const id = current?.live ? current.id : override.id;
          const holder = holders.get(id);
          // An expired row of this same entity is deleted first, freeing its id.
          if (claimed.has(id) || (!live && holder !== undefined && holder !== entity)) {
            throw new ConflictError(`${PACKAGE} override id "${id}" is taken by another entity`);
          }
          claimed.add(id);
          if (current !== undefined && !live) expired.push(current.id);
          return { ...rowOf(override, OVERRIDE_FIELDS), id, createdAt: now, updatedAt: now };
        });
        for (const ids of chunks(expired, MATCH_CHUNK)) await tx.delete(o).where(inArray(o.id, ids));
        const set = {
          enabled: this.incoming(o.enabled),
          value: this.incoming(o.value),
          expiresAt: this.incoming(o.expiresAt),
          updatedAt: this.incoming(o.updatedAt),
        };
        for (const part of chunks(rows, INSERT_CHUNK)) {
          await dialect.upsert(tx.insert(o).values(part), [o.flagId, o.entityType, o.entityId], set);
        }
        const docs: unknown[] = [];
        for (const part of chunks(batch, MATCH_CHUNK)) {
          const select = tx
            .select({ doc: documentOf(dialect.sql, o, OVERRIDE_FIELDS).as('doc') })
            .from(o)
            .where(this.entities(part));
          docs.push(...(await dialect.readDocs(tx, select)));
        }
        const written = new Map<string, FlagOverride>();
        for (const doc of docs) {
          const override = decodeOverride(parseDocument(doc));
          written.set(overrideEntityKey(override), override);
        }
        // (The read may hold other entities of these flags and ids: only the batch's are returned.)
        const result = batch.map((override) => written.get(overrideEntityKey(override))!);
        await this.writer.record(
          tx,
          result.map((override) => ({
            kind: 'override' as const,
            id: override.id,
            op: 'upsert' as const,
            flagId: override.flagId,
            entity: { entityType: override.entityType, entityId: override.entityId },
          })),
        );
        return result;
      },
      {
        foreignKey: 'an override names a flag id no flag has',
        unique: 'an override id is taken by another entity',
      },
    );
  }

  /**
   * The stored rows of the batch's entities, and the rows holding any of its ids: one statement, a
   * union of two selects so each is served by its own index (an `or` of the two conditions makes
   * PostgreSQL scan the whole table, which turns a large import quadratic).
   */
  private async storedRows(tx: AnyDatabase, batch: readonly FlagOverride[], now: Date) {
    const o = this.t.flagOverrides;
    const found = new Map<
      string,
      { id: string; flagId: string; entityType: string; entityId: string; live: boolean }
    >();
    const columns = {
      id: o.id,
      flagId: o.flagId,
      entityType: o.entityType,
      entityId: o.entityId,
      live: or(isNull(o.expiresAt), gt(o.expiresAt, now)),
    };
    for (const part of chunks(batch, MATCH_CHUNK)) {
      const ids = part.map((override) => override.id);
      const rows: Array<{ id: string; flagId: string; entityType: string; entityId: string; live: unknown }> = await tx
        .select(columns)
        .from(o)
        .where(this.entities(part))
        .unionAll(tx.select(columns).from(o).where(inArray(o.id, ids)));
      for (const row of rows) found.set(row.id, { ...row, live: isLive(row.live) });
    }
    return [...found.values()];
  }

  /**
   * The rows of the batch's flags, entity types and entity ids: a superset of its entities (callers
   * match them exactly), in plain `in` lists on the three columns of the unique index, which serves
   * them — an `or` of a thousand `and`s takes the planner longer than the query.
   */
  private entities(batch: readonly FlagOverride[]): SQL {
    const o = this.t.flagOverrides;
    const distinct = (pick: (override: FlagOverride) => string) => [...new Set(batch.map(pick))];
    return and(
      inArray(
        o.flagId,
        distinct((override) => override.flagId),
      ),
      inArray(
        o.entityType,
        distinct((override) => override.entityType),
      ),
      inArray(
        o.entityId,
        distinct((override) => override.entityId),
      ),
    ) as SQL;
  }

  /** The value the insert proposed for `column`, in an update of the conflicting row. */
  private incoming(column: Column): SQL {
    const name = sql.identifier(column.name);
    return this.writer.dialect.name === 'mysql' ? sql`values(${name})` : sql`excluded.${name}`;
  }
}
