import { type ChangeKind, NotFoundError, type WriteOptions } from '@flags/core';
import { requireLeaseArguments, requireMarkArguments } from '@flags/core/backend';
import { and, type Column, eq, isNull, lte, or, type Table } from 'drizzle-orm';
import { parseDocument } from '../codec/decode.js';
import { documentOf } from '../codec/documents.js';
import { rowOf } from '../codec/rows.js';
import { PACKAGE } from '../errors/errors.js';
import type { ChangeEntry } from '../feed/record.js';
import { isStorableText } from '../lookups/storable.js';
import type { Field } from '../schema/fields.js';
import type { AnyDatabase } from '../schema/types.js';
import { lockRows } from './cascade.js';
import { chunks } from './chunks.js';
import type { Writer } from './writer.js';

/** What a record kind (scheduled change, time schedule, rollout phase) needs for its writes. */
export interface RecordKind<Input, Model extends { id: string; flagId: string }> {
  /** Used in messages: "scheduled change". */
  noun: string;
  table: Table & { id: Column; flagId: Column };
  fields: readonly Field[];
  validate: (input: Input) => Model;
  /** Validates a whole batch before any write (invalid or repeated records: ValidationError). */
  validateBatch: (inputs: readonly Input[]) => Model[];
  decode: (doc: readonly unknown[]) => Model;
  /** What the change feed calls a record of this kind. */
  feedKind: ChangeKind;
  /** The ConflictError message when a unique key is taken. */
  taken: (model: Model) => string;
}

// Rows per multi-row INSERT of a batch (about 15 columns each: far below every parameter limit).
const INSERT_ROWS = 500;

type Leased = Table & { id: Column; executed: Column; claimedBy: Column; claimExpiresAt: Column };

/** Create / update / delete of records keyed by `id` and owned by a flag, plus lease claims. */
export class RecordWrites<Input, Model extends { id: string; flagId: string }> {
  constructor(
    private readonly writer: Writer,
    private readonly kind: RecordKind<Input, Model>,
  ) {}

  private get columns(): Record<string, Column> {
    return this.kind.table as unknown as Record<string, Column>;
  }

  async create(operation: string, input: Input): Promise<Model> {
    const model = this.kind.validate(input);
    const now = this.writer.now();
    Object.assign(model, { createdAt: now, updatedAt: now });
    await this.writer.run(
      operation,
      async (tx) => {
        await tx.insert(this.kind.table).values(rowOf(model, this.kind.fields));
        await this.writer.record(tx, [this.change(model.id, model.flagId, 'upsert')]);
      },
      { unique: this.kind.taken(model), foreignKey: `no flag has id "${model.flagId}"` },
    );
    return model;
  }

  /**
   * Many creates in one transaction: multi-row inserts of a bounded size, so a batch costs a fixed
   * number of statements per few hundred records. A taken id or unknown flag rolls it all back.
   */
  async createMany(operation: string, inputs: readonly Input[]): Promise<Model[]> {
    const models = this.kind.validateBatch(inputs);
    if (models.length === 0) return [];
    const now = this.writer.now();
    for (const model of models) Object.assign(model, { createdAt: now, updatedAt: now });
    await this.writer.run(
      operation,
      async (tx) => {
        for (const part of chunks(models, INSERT_ROWS)) {
          await tx.insert(this.kind.table).values(part.map((model) => rowOf(model, this.kind.fields)));
        }
        await this.writer.record(
          tx,
          models.map((model) => this.change(model.id, model.flagId, 'upsert')),
        );
      },
      { unique: `a ${this.kind.noun} of the batch is taken`, foreignKey: 'a flagId of the batch names no flag' },
    );
    return models;
  }

  /** Replaces every field but `id` and `createdAt`; returns the record as stored. */
  async update(operation: string, input: Input): Promise<Model> {
    const model = this.kind.validate(input);
    const { table, fields, noun } = this.kind;
    const changes = { ...rowOf(model, fields, ['id', 'createdAt']), updatedAt: this.writer.now() };
    return this.writer.run(
      operation,
      async (tx) => {
        const result = await tx.update(table).set(changes).where(eq(table.id, model.id));
        if (this.writer.affected(result) === 0) throw new NotFoundError(`${PACKAGE} no ${noun} has id "${model.id}"`);
        await this.writer.record(tx, [this.change(model.id, model.flagId, 'upsert')]);
        const [row] = await tx
          .select({ doc: documentOf(this.writer.dialect.sql, table, fields) })
          .from(table)
          .where(eq(table.id, model.id));
        return this.kind.decode(parseDocument(row.doc));
      },
      { unique: this.kind.taken(model), foreignKey: `no flag has id "${model.flagId}"` },
    );
  }

  async delete(operation: string, id: string): Promise<boolean> {
    if (!isStorableText(id)) return false;
    const table = this.kind.table;
    return this.writer.run(operation, async (tx) => {
      const [row] = await lockRows(
        tx.select({ flagId: table.flagId }).from(table).where(eq(table.id, id)),
        this.writer.dialect,
      );
      if (!row) return false;
      await tx.delete(table).where(eq(table.id, id));
      await this.writer.record(tx, [this.change(id, row.flagId, 'delete')]);
      return true;
    });
  }

  /** The feed entry of a write of the record `id` of flag `flagId`. */
  private change(id: string, flagId: string, op: ChangeEntry['op']): ChangeEntry {
    return { kind: this.kind.feedKind, id, op, flagId };
  }

  /** Runs one conditional UPDATE of record `id`; true when it matched the row (then the revision moves too). */
  private async conditional(
    operation: string,
    id: string,
    set: Record<string, unknown>,
    where: unknown,
    before?: (tx: AnyDatabase) => Promise<void>,
  ): Promise<boolean> {
    const table = this.kind.table;
    return this.writer.run(operation, async (tx) => {
      await before?.(tx);
      const result = await tx.update(table).set(set).where(where);
      if (this.writer.affected(result) === 0) return false;
      const [row] = await tx.select({ flagId: table.flagId }).from(table).where(eq(table.id, id));
      await this.writer.record(tx, [this.change(id, row.flagId, 'upsert')]);
      return true;
    });
  }

  /**
   * A lease as one conditional UPDATE: the row must be pending and unclaimed, claimed by `owner`,
   * or its lease run out by the app's clock. Concurrent claimers queue on the row lock and
   * re-check the condition, so exactly one matches.
   */
  async claim(operation: string, id: string, owner: string, leaseMs: number): Promise<boolean> {
    requireLeaseArguments(owner, leaseMs, this.kind.noun);
    if (!isStorableText(id)) return false;
    const t = this.columns as unknown as Leased;
    const now = this.writer.now();
    const claimable = or(
      isNull(t.claimedBy),
      eq(t.claimedBy, owner),
      isNull(t.claimExpiresAt),
      lte(t.claimExpiresAt, now),
    );
    const set = { claimedBy: owner, claimExpiresAt: new Date(now.getTime() + leaseMs), updatedAt: now };
    return this.conditional(operation, id, set, and(eq(t.id, id), eq(t.executed, false), claimable));
  }

  /** Pending → executed, once: only the call whose UPDATE matched a pending row gets true. Fenced when asked. */
  async markExecuted(
    operation: string,
    id: string,
    executedAt: Date,
    outcome: string | null | undefined,
    options?: WriteOptions,
  ): Promise<boolean> {
    const args = requireMarkArguments(executedAt, outcome, this.kind.noun);
    if (!isStorableText(id)) return false;
    const t = this.columns as unknown as Leased;
    const set = { executed: true, ...args, updatedAt: this.writer.now() };
    return this.conditional(operation, id, set, and(eq(t.id, id), eq(t.executed, false)), (tx) =>
      this.writer.fence(tx, options, this.kind.noun),
    );
  }
}
