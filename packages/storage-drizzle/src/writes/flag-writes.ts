import {
  ConflictError,
  type FeatureFlag,
  type FeatureFlagInput,
  NotFoundError,
  createFlag as validateFlag,
  type WriteOptions,
} from '@flags/core';
import { requireFlagBatch } from '@flags/core/backend';
import { and, eq, sql } from 'drizzle-orm';
import { decodeFlag, parseDocument } from '../codec/decode.js';
import { flagRow, rowOf, ruleRows, variantRows } from '../codec/rows.js';
import { PACKAGE } from '../errors/errors.js';
import { isStorableInteger, isStorableText } from '../lookups/storable.js';
import type { Statements } from '../reads/statements.js';
import { FLAG_FIELDS } from '../schema/fields.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';
import { childrenOf, lockRows } from './cascade.js';
import { chunks } from './chunks.js';
import type { Writer } from './writer.js';

// Rows per multi-row INSERT of a batch: a flag row has about 20 columns, a rule or variant row about
// 10, so every part stays far below the parameter limit of each server.
const FLAG_ROWS = 200;
const CHILD_ROWS = 500;

/** Flag writes: the flag row with its rule and variant rows, always together in one transaction. */
export class FlagWrites {
  constructor(
    private readonly t: FlagsTableSet,
    private readonly writer: Writer,
    private readonly statements: Statements,
  ) {}

  private async insertChildren(tx: AnyDatabase, flag: FeatureFlag): Promise<void> {
    if (flag.rules.length > 0) await tx.insert(this.t.flagRules).values(ruleRows(flag));
    if (flag.variants.length > 0) await tx.insert(this.t.flagVariants).values(variantRows(flag));
  }

  async create(input: FeatureFlagInput): Promise<FeatureFlag> {
    const flag = validateFlag(input);
    const now = this.writer.now();
    Object.assign(flag, { version: 1, createdAt: now, updatedAt: now, timeSchedules: [] });
    await this.writer.run(
      'createFlag',
      async (tx) => {
        await tx.insert(this.t.flags).values(flagRow(flag));
        await this.insertChildren(tx, flag);
        await this.writer.record(tx, [{ kind: 'flag', id: flag.id, op: 'upsert', flagKey: flag.key }]);
      },
      { unique: `flag key "${flag.key}" or id "${flag.id}" is taken` },
    );
    return flag;
  }

  /**
   * `createFlags`: every flag, rule and variant row of the batch in multi-row inserts of one
   * transaction (a fixed number of statements per few hundred flags, not one transaction each). A
   * taken key or id fails the insert, which rolls the whole batch back.
   */
  async createMany(inputs: readonly FeatureFlagInput[]): Promise<FeatureFlag[]> {
    const batch = requireFlagBatch(inputs);
    if (batch.length === 0) return [];
    const now = this.writer.now();
    const flags = batch.map((flag) => ({
      ...flag,
      version: 1,
      createdAt: now,
      updatedAt: now,
      timeSchedules: [],
    }));
    await this.writer.run(
      'createFlags',
      async (tx) => {
        for (const part of chunks(flags, FLAG_ROWS)) await tx.insert(this.t.flags).values(part.map(flagRow));
        for (const rows of chunks(flags.flatMap(ruleRows), CHILD_ROWS)) {
          await tx.insert(this.t.flagRules).values(rows);
        }
        for (const rows of chunks(flags.flatMap(variantRows), CHILD_ROWS)) {
          await tx.insert(this.t.flagVariants).values(rows);
        }
        await this.writer.record(
          tx,
          flags.map((flag) => ({ kind: 'flag' as const, id: flag.id, op: 'upsert' as const, flagKey: flag.key })),
        );
      },
      { unique: 'a flag key or id of the batch is taken' },
    );
    return flags;
  }

  /**
   * One conditional UPDATE (key, id and version must all match) guards against lost updates; only
   * when it matched nothing does a select tell "not found" from "stale version". An input without
   * `id` names no stored flag (validation gives it a fresh one): NotFoundError, as on every backend.
   */
  async update(input: FeatureFlag | FeatureFlagInput, options?: WriteOptions): Promise<FeatureFlag> {
    const flag = validateFlag(input);
    const f = this.t.flags;
    const now = this.writer.now();
    return this.writer.run('updateFlag', async (tx) => {
      await this.writer.fence(tx, options, 'flag');
      const changes = rowOf(flag, FLAG_FIELDS, ['id', 'key', 'version', 'createdAt']);
      // A version the column cannot hold is no stored version: stale, without asking (the server would reject it).
      const result = isStorableInteger(flag.version)
        ? await tx
            .update(f)
            .set({ ...changes, version: sql`${f.version} + 1`, updatedAt: now })
            .where(and(eq(f.key, flag.key), eq(f.id, flag.id), eq(f.version, flag.version)))
        : undefined;
      if (result === undefined || this.writer.affected(result) === 0) {
        const [current] = await tx.select({ id: f.id, version: f.version }).from(f).where(eq(f.key, flag.key));
        if (!current || current.id !== flag.id) {
          throw new NotFoundError(`${PACKAGE} no flag "${flag.key}" with id "${flag.id}"`);
        }
        throw new ConflictError(
          `${PACKAGE} flag "${flag.key}" is at version ${current.version}, not ${flag.version} (reload it and retry)`,
        );
      }
      await tx.delete(this.t.flagRules).where(eq(this.t.flagRules.flagId, flag.id));
      await tx.delete(this.t.flagVariants).where(eq(this.t.flagVariants.flagId, flag.id));
      await this.insertChildren(tx, flag);
      await this.writer.record(tx, [{ kind: 'flag', id: flag.id, op: 'upsert', flagKey: flag.key }]);
      const [doc] = await this.writer.dialect.readDocs(tx, this.statements.flags(tx).where(eq(f.id, flag.id)));
      return decodeFlag(parseDocument(doc));
    });
  }

  /**
   * Deletes the flag; the foreign keys cascade to its rules, variants, overrides, schedules and phases.
   * The flag row is locked first (no child can be added meanwhile), so the feed records exactly the
   * children the cascade removes.
   */
  async delete(key: string): Promise<boolean> {
    if (!isStorableText(key)) return false;
    const f = this.t.flags;
    return this.writer.run('deleteFlag', async (tx) => {
      const [flag] = await lockRows(tx.select({ id: f.id }).from(f).where(eq(f.key, key)), this.writer.dialect);
      if (!flag) return false;
      const children = await childrenOf(tx, this.t, flag.id, key);
      await tx.delete(f).where(eq(f.id, flag.id));
      await this.writer.record(tx, [{ kind: 'flag', id: flag.id, op: 'delete', flagKey: key }, ...children]);
      return true;
    });
  }
}
