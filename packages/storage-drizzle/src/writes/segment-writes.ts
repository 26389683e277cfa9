import { ConflictError, createSegment, NotFoundError, type Segment, type SegmentInput } from '@flags/core';
import { and, eq, or, sql } from 'drizzle-orm';
import { decodeSegment, parseDocument } from '../codec/decode.js';
import { documentOf } from '../codec/documents.js';
import { rowOf } from '../codec/rows.js';
import { PACKAGE } from '../errors/errors.js';
import { isStorableInteger, isStorableText } from '../lookups/storable.js';
import { SEGMENT_FIELDS } from '../schema/fields.js';
import type { FlagsTableSet } from '../schema/types.js';
import { lockRows } from './cascade.js';
import type { Writer } from './writer.js';

/** Segment writes; the self-referencing foreign key (ON DELETE SET NULL) orphans children atomically. */
export class SegmentWrites {
  constructor(
    private readonly t: FlagsTableSet,
    private readonly writer: Writer,
  ) {}

  private messages(segment: Segment) {
    return {
      unique: `segment name "${segment.name}" or id "${segment.id}" is taken`,
      foreignKey: `parent segment "${segment.parentSegmentId}" does not exist`,
    };
  }

  async create(input: SegmentInput): Promise<Segment> {
    const segment = createSegment(input);
    const now = this.writer.now();
    Object.assign(segment, { version: 1, createdAt: now, updatedAt: now });
    await this.writer.run(
      'createSegment',
      async (tx) => {
        await tx.insert(this.t.segments).values(rowOf(segment, SEGMENT_FIELDS));
        await this.writer.record(tx, [{ kind: 'segment', id: segment.id, op: 'upsert' }]);
      },
      this.messages(segment),
    );
    return segment;
  }

  /** Versioned like flags: one conditional UPDATE on `(id, version)`. */
  async update(input: Segment | SegmentInput): Promise<Segment> {
    const segment = createSegment(input);
    const s = this.t.segments;
    const changes = {
      ...rowOf(segment, SEGMENT_FIELDS, ['id', 'version', 'createdAt']),
      version: sql`${s.version} + 1`,
      updatedAt: this.writer.now(),
    };
    return this.writer.run(
      'updateSegment',
      async (tx) => {
        // A version the column cannot hold is no stored version: stale, without asking.
        const result = isStorableInteger(segment.version)
          ? await tx
              .update(s)
              .set(changes)
              .where(and(eq(s.id, segment.id), eq(s.version, segment.version)))
          : undefined;
        if (result === undefined || this.writer.affected(result) === 0) {
          const [current] = await tx.select({ version: s.version }).from(s).where(eq(s.id, segment.id));
          if (!current) throw new NotFoundError(`${PACKAGE} no segment has id "${segment.id}"`);
          throw new ConflictError(
            `${PACKAGE} segment "${segment.id}" is at version ${current.version}, not ${segment.version} (reload it and retry)`,
          );
        }
        await this.writer.record(tx, [{ kind: 'segment', id: segment.id, op: 'upsert' }]);
        const [row] = await tx
          .select({ doc: documentOf(this.writer.dialect.sql, s, SEGMENT_FIELDS) })
          .from(s)
          .where(eq(s.id, segment.id));
        return decodeSegment(parseDocument(row.doc));
      },
      this.messages(segment),
    );
  }

  async delete(id: string): Promise<boolean> {
    if (!isStorableText(id)) return false;
    const s = this.t.segments;
    return this.writer.run('deleteSegment', async (tx) => {
      // The segment and its children, locked: no child can be added or moved until this commits, so
      // the feed records exactly the children whose parent the foreign key clears.
      const rows: { id: string }[] = await lockRows(
        tx
          .select({ id: s.id })
          .from(s)
          .where(or(eq(s.id, id), eq(s.parentSegmentId, id))),
        this.writer.dialect,
      );
      if (!rows.some((row) => row.id === id)) return false;
      await tx.delete(s).where(eq(s.id, id));
      const orphans = rows.filter((row) => row.id !== id);
      await this.writer.record(tx, [
        { kind: 'segment', id, op: 'delete' },
        ...orphans.map((row) => ({ kind: 'segment' as const, id: row.id, op: 'upsert' as const })),
      ]);
      return true;
    });
  }
}
