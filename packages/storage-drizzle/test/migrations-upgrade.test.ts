import {
  createFlag,
  createOverride,
  createSegment,
  type FeatureFlag,
  FeatureFlagClient,
  type FlagOverride,
  type Segment,
} from '@flags/core';
import type { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage as mysqlStorage } from '@flags/storage-drizzle/mysql';
import { createStorage as pgStorage } from '@flags/storage-drizzle/pg';
import { createStorage as sqliteStorage } from '@flags/storage-drizzle/sqlite';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { createPool, type Pool } from 'mysql2/promise';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWith } from '../src/connection/open.js';
import type { ShippedMigrations } from '../src/migrations/shipped.js';
import { mysqlDialect } from '../src/mysql/dialect.js';
import { migrations as mysqlMigrations } from '../src/mysql/migrations.js';
import { postgresDialect } from '../src/pg/dialect.js';
import { migrations as pgMigrations } from '../src/pg/migrations.js';
import { sqliteDialect } from '../src/sqlite/dialect.js';
import { migrations as sqliteMigrations } from '../src/sqlite/migrations.js';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG } from './support/servers.js';

/** The migrations shipped before the flag model v2 one: the schema users have today. */
const before = (shipped: ShippedMigrations) => {
  const at = shipped.findIndex((m) => m.tag.endsWith('_flag_model_v2'));
  expect(at).toBeGreaterThan(0);
  return shipped.slice(0, at);
};

/** A value as the previous release wrote it into a column. */
type Value = { json: unknown } | { date: Date } | { bool: boolean } | string | number | null;

/** One dialect: how to create the old schema, insert raw rows, and open the current backend over it. */
interface Subject {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  oldSchema(): Promise<string[]>;
  insert(table: string, row: Record<string, Value>): Promise<void>;
  open(): Promise<DrizzleStorageBackend>;
}

function subjects(): Subject[] {
  let pgUrl = '';
  let pg: postgres.Sql | undefined;
  let myUrl = '';
  let pool: Pool | undefined;
  let lite: Database.Database | undefined;
  return [
    {
      name: 'PostgreSQL',
      async setUp() {
        pgUrl = await createScratchDatabase(PG, 'upgrade');
        pg = postgres(pgUrl, { max: 2, onnotice: () => {} });
      },
      async tearDown() {
        await pg?.end({ timeout: 5 });
        if (pgUrl) await dropScratchDatabase(PG, pgUrl);
      },
      oldSchema: () => migrateWith(drizzlePg({ client: pg! }), postgresDialect, before(pgMigrations)),
      async insert(table, row) {
        const columns = Object.keys(row);
        const params: (string | number | boolean | null)[] = [];
        const placeholders = columns.map((column) => {
          const value = row[column]!;
          if (value !== null && typeof value === 'object' && 'json' in value) {
            params.push(JSON.stringify(value.json));
            return `$${params.length}::json`;
          }
          if (value !== null && typeof value === 'object' && 'date' in value) {
            params.push(value.date.toISOString());
            return `$${params.length}::timestamptz`;
          }
          params.push(value !== null && typeof value === 'object' ? value.bool : value);
          return `$${params.length}`;
        });
        await pg!.unsafe(
          `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${placeholders.join(', ')})`,
          params,
        );
      },
      open: () => pgStorage({ url: pgUrl, createTables: true }),
    },
    {
      name: 'MariaDB',
      async setUp() {
        myUrl = await createScratchDatabase(MYSQL, 'upgrade');
        pool = createPool({ uri: myUrl, connectionLimit: 2 });
      },
      async tearDown() {
        await pool?.end();
        if (myUrl) await dropScratchDatabase(MYSQL, myUrl);
      },
      oldSchema: () => migrateWith(drizzleMysql({ client: pool! }), mysqlDialect, before(mysqlMigrations)),
      async insert(table, row) {
        const columns = Object.keys(row);
        const params = columns.map((column) => {
          const value = row[column]!;
          if (value !== null && typeof value === 'object' && 'json' in value) return JSON.stringify(value.json);
          // datetime(3) in UTC, as drizzle writes it.
          if (value !== null && typeof value === 'object' && 'date' in value)
            return value.date.toISOString().replace('T', ' ').replace('Z', '');
          if (value !== null && typeof value === 'object') return value.bool ? 1 : 0;
          return value;
        });
        await pool!.query(
          `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
          params,
        );
      },
      open: () => mysqlStorage({ url: myUrl, createTables: true }),
    },
    {
      name: 'SQLite',
      async setUp() {
        lite = new Database(':memory:');
      },
      async tearDown() {
        lite?.close();
      },
      oldSchema: () => {
        const db = drizzleSqlite({ client: lite! });
        return migrateWith(db, sqliteDialect(db), before(sqliteMigrations));
      },
      async insert(table, row) {
        const columns = Object.keys(row);
        const params = columns.map((column) => {
          const value = row[column]!;
          if (value !== null && typeof value === 'object' && 'json' in value) return JSON.stringify(value.json);
          if (value !== null && typeof value === 'object' && 'date' in value) return value.date.getTime();
          if (value !== null && typeof value === 'object') return value.bool ? 1 : 0;
          return value;
        });
        lite!
          .prepare(
            `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
          )
          .run(...params);
      },
      open: () => sqliteStorage({ db: drizzleSqlite({ client: lite! }), createTables: true }),
    },
  ];
}

const at = (ms: number) => new Date(Date.UTC(2025, 0, 2, 3, 4, 5, ms));

// What the previous release stored: models made by its constructors (no v2 fields).
const flag: FeatureFlag = {
  ...createFlag({
    key: 'legacy.checkout',
    name: 'Legacy checkout',
    description: 'written before prerequisites',
    flagType: 'string',
    status: 'active',
    defaultValue: 'old',
    tags: ['web', 'ü'],
    metadata: { owner: 'team-a', nested: { list: [1, null] } },
    rules: [
      {
        name: 'nl-half',
        priority: 1,
        conditions: [{ attribute: 'country', operator: 'eq', value: 'NL' }],
        serveValue: 'new',
        rolloutPercentage: 50,
      },
      { name: 'off-rule', enabled: false, serveValue: 'x', rolloutPercentage: null },
    ],
    variants: [],
    version: 3,
    createdAt: at(1),
    updatedAt: at(2),
  }),
};
const split = createFlag({
  key: 'legacy.split',
  variants: [
    { key: 'a', value: { enabled: true }, weight: 30 },
    { key: 'b', value: { enabled: false }, weight: 70 },
  ],
  createdAt: at(3),
  updatedAt: at(4),
});
const override: FlagOverride = createOverride({
  flagId: flag.id,
  entityType: 'user',
  entityId: 'u-1',
  enabled: true,
  value: 'forced',
  expiresAt: null,
  createdAt: at(5),
  updatedAt: at(6),
});
const segment: Segment = createSegment({
  name: 'legacy-segment',
  conditions: [{ attribute: 'plan', operator: 'in', value: ['pro'] }],
  createdAt: at(7),
  updatedAt: at(8),
});

async function writeAsPreviousRelease(subject: Subject): Promise<void> {
  for (const f of [flag, split]) {
    await subject.insert('ff_flags', {
      id: f.id,
      key: f.key,
      name: f.name,
      description: f.description,
      flag_type: f.flagType,
      status: f.status,
      default_enabled: { bool: f.defaultEnabled },
      default_value: { json: f.defaultValue },
      tags: { json: f.tags },
      metadata: { json: f.metadata },
      version: f.version,
      created_at: { date: f.createdAt },
      updated_at: { date: f.updatedAt },
    });
    for (const [position, rule] of f.rules.entries()) {
      await subject.insert('ff_flag_rules', {
        flag_id: f.id,
        position,
        id: rule.id,
        name: rule.name,
        description: rule.description,
        priority: rule.priority,
        enabled: { bool: rule.enabled },
        conditions: { json: rule.conditions },
        serve_enabled: { bool: rule.serveEnabled },
        serve_value: { json: rule.serveValue },
        rollout_percentage: rule.rolloutPercentage,
      });
    }
    for (const [position, variant] of f.variants.entries()) {
      await subject.insert('ff_flag_variants', {
        flag_id: f.id,
        position,
        id: variant.id,
        key: variant.key,
        name: variant.name,
        description: variant.description,
        value: { json: variant.value },
        weight: variant.weight,
      });
    }
  }
  await subject.insert('ff_flag_overrides', {
    id: override.id,
    flag_id: override.flagId,
    entity_type: override.entityType,
    entity_id: override.entityId,
    enabled: { bool: override.enabled },
    value: { json: override.value },
    expires_at: null,
    created_at: { date: override.createdAt },
    updated_at: { date: override.updatedAt },
  });
  await subject.insert('ff_segments', {
    id: segment.id,
    name: segment.name,
    description: segment.description,
    conditions: { json: segment.conditions },
    parent_segment_id: null,
    enabled: { bool: segment.enabled },
    version: segment.version,
    created_at: { date: segment.createdAt },
    updated_at: { date: segment.updatedAt },
  });
}

for (const subject of subjects()) {
  describe(`upgrading existing data to the flag model v2 on ${subject.name}`, () => {
    let backend: DrizzleStorageBackend | undefined;
    beforeAll(() => subject.setUp());
    afterAll(async () => {
      await backend?.close();
      await subject.tearDown();
    });

    it('data written by the previous release reads back unchanged, with the new defaults, after the migration', async () => {
      expect(await subject.oldSchema()).not.toContain('0001_flag_model_v2');
      await writeAsPreviousRelease(subject);
      backend = await subject.open();
      const expected = (f: FeatureFlag): FeatureFlag => ({ ...f, prerequisites: [], timeSchedules: [] });
      expect(await backend.getFlag(flag.key)).toStrictEqual(expected(flag));
      expect(await backend.getFlag(split.key)).toStrictEqual(expected(split));
      expect(await backend.getAllFlags()).toStrictEqual([expected(flag), expected(split)]);
      expect(await backend.getOverride(flag.id, 'user', 'u-1')).toStrictEqual(override);
      expect(await backend.getAllSegments()).toStrictEqual([segment]);
      // Evaluation sees exactly what it saw before: the override, the rule, the split.
      const client = new FeatureFlagClient({ storage: backend });
      expect(await client.getStringValue(flag.key, '?', { userId: 'u-1' })).toBe('forced');
      expect((await client.getAllFlags({ targetingKey: 'k' }))[split.key]?.reason).toBe('SPLIT');
    });

    it('the upgraded tables take the new fields, and a flag can drop them again', async () => {
      const current = (await backend!.getFlag(flag.key))!;
      const updated = await backend!.updateFlag({
        ...current,
        prerequisites: [{ flagKey: split.key, variant: 'a' }],
        bucketBy: 'tenantId',
        defaultVariant: 'control',
        rules: current.rules.map((rule) => ({ ...rule, bucketBy: 'organizationId' })),
      });
      expect(await backend!.getFlag(flag.key)).toStrictEqual(updated);
      expect(updated).toMatchObject({ prerequisites: [{ flagKey: split.key, variant: 'a' }], bucketBy: 'tenantId' });
      const { bucketBy: _b, defaultVariant: _d, ...plain } = updated;
      const cleared = await backend!.updateFlag({ ...plain, prerequisites: [] });
      expect(cleared).not.toHaveProperty('bucketBy');
      expect(cleared).not.toHaveProperty('defaultVariant');
      expect(await backend!.getFlag(flag.key)).toStrictEqual(cleared);
    });
  });
}
