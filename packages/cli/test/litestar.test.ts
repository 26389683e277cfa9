/**
 * litestar-flags import from each of its layouts, on the fixtures litestar-flags itself wrote
 * (test/fixtures/litestar): its Redis keys (loaded into the test Redis under a fresh prefix), its
 * SQLite tables and its bootstrap file. Expectations come from litestar's documented semantics.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FeatureFlagClient, importEntries, murmur3, type StorageBackend } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LitestarData } from '../src/litestar/data.js';
import { litestarEntries } from '../src/litestar/entries.js';
import { mapFlag } from '../src/litestar/map-flag.js';
import { readLitestarBootstrap } from '../src/litestar/read-bootstrap.js';
import { readLitestarRedis } from '../src/litestar/read-redis.js';
import { readLitestarSql } from '../src/litestar/read-sql.js';
import { LitestarReport } from '../src/litestar/report.js';
import { connect } from '../src/storage/connect.js';
import { flags as runCli } from './support/run-cli.js';
import { deleteRedisPrefix, REDIS_URL } from './support/stores.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/litestar/', import.meta.url));
const PREFIX = `litestar-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:`;
const NEW_CHECKOUT = '019ca8d7-2d07-74bd-aaf0-c549d567e2fd';

interface DumpEntry {
  key: string;
  type: 'string' | 'set';
  value?: string;
  members?: string[];
  ttl: number;
}

async function importInto(
  data: LitestarData,
): Promise<{ store: StorageBackend; report: LitestarReport; created: number }> {
  const store = new MemoryStorageBackend();
  const report = new LitestarReport();
  const result = await importEntries(store, async function* () {
    yield* litestarEntries(data, report);
  });
  const created = Object.values(result.created).reduce((a, b) => a + b, 0);
  return { store, report, created };
}

const tempDir = mkdtempSync(join(tmpdir(), 'flags-litestar-'));
afterAll(async () => {
  rmSync(tempDir, { recursive: true, force: true });
  await deleteRedisPrefix(PREFIX);
});

describe('from its Redis layout', () => {
  let data: LitestarData;
  beforeAll(async () => {
    const dump = JSON.parse(readFileSync(join(FIXTURES, 'redis-dump.json'), 'utf8')) as DumpEntry[];
    const redis = new Redis(REDIS_URL);
    for (const entry of dump) {
      const key = PREFIX + entry.key.slice('feature_flags:'.length);
      if (entry.type === 'set') await redis.sadd(key, ...(entry.members ?? []));
      else await redis.set(key, entry.value ?? '');
      if (entry.ttl > 0) await redis.expire(key, entry.ttl);
    }
    redis.disconnect();
    data = await readLitestarRedis(REDIS_URL, PREFIX);
  });

  it('reads every document, skipping the index sets', () => {
    expect(data.flags).toHaveLength(9);
    expect(data.overrides).toHaveLength(6);
    expect(data.scheduledChanges).toHaveLength(6);
    expect(data.timeSchedules).toHaveLength(5);
    expect(data.rolloutPhases).toHaveLength(6);
    expect(data.unmappable).toEqual([]);
  });

  it('imports every record or reports it; ids kept', async () => {
    const { store, report, created } = await importInto(data);
    const skipped = report.notes.filter((note) => note.action === 'skipped');
    // One rule (skipped inside its flag) is not a record of its own.
    expect(created + skipped.filter((note) => !note.source.includes(' rules[')).length).toBe(9 + 6 + 6 + 5 + 6);
    const checkout = await store.getFlag('new-checkout');
    expect(checkout?.id).toBe(NEW_CHECKOUT);
    expect(checkout?.rules.map((rule) => [rule.name, rule.rolloutPercentage, rule.enabled])).toEqual([
      ['internal-staff', null, true],
      ['embargoed-countries', null, true],
      ['premium-modern-app', 50, true],
      ['power-users', 25, true],
      ['paused-catch-all', null, false],
    ]);
    expect(await store.getOverride(NEW_CHECKOUT, 'user', 'user-vip')).toMatchObject({ enabled: true });
    expect((await store.getOverride(NEW_CHECKOUT, 'organization', 'org-acme'))?.expiresAt?.toISOString()).toBe(
      '2099-12-31T23:59:59.000Z',
    );
    // Microseconds and offsets: `2026-12-24T18:00:00+01:00` is 17:00 UTC.
    const changes = await store.getScheduledChanges({ pendingOnly: false });
    expect(changes.find((c) => c.createdBy === 'ops-bot')?.scheduledAt.toISOString()).toBe('2026-12-24T17:00:00.000Z');
    expect(changes.find((c) => c.executed)?.executedAt?.toISOString()).toBe('2026-02-01T08:00:03.250Z');
  });

  it('reports what behaves differently: serve_value null on a string rule, an inactive flag serving true, schedules litestar never applied', async () => {
    const { report, store } = await importInto(data);
    const messages = report.notes.map((note) => `${note.action} ${note.source}: ${note.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(/^skipped .*flag:checkout-button-color rules\[1\]: rule "beta-no-serve-value"/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^review .*flag:legacy-search: flag "legacy-search" is inactive with default_enabled true/),
    );
    expect(messages.filter((m) => /imported disabled: litestar never applied it/.test(m))).toHaveLength(4);
    expect((await store.getTimeSchedules()).every((schedule) => !schedule.enabled)).toBe(true);
  });

  it('users keep their buckets: rollouts and variant splits land as litestar computes them', async () => {
    const { store } = await importInto(data);
    const client = new FeatureFlagClient({ storage: store });
    for (let i = 0; i < 300; i++) {
      const targetingKey = `user-${i}`;
      const rollout = await client.getBooleanDetails('beta-rollout', false, { targetingKey });
      // litestar: murmur3("<flag key>:<targeting key>") % 100 + 1 <= 30.
      expect(rollout.value, targetingKey).toBe((murmur3(`beta-rollout:${targetingKey}`) % 100) + 1 <= 30);
      const split = await client.getBooleanDetails('homepage-experiment', false, { targetingKey });
      // litestar: bucket murmur3("<key>:variant:<tk>") % 100 over control(50), treatment(50), sorted by key.
      const bucket = murmur3(`homepage-experiment:variant:${targetingKey}`) % 100;
      expect(split.variant, targetingKey).toBe(bucket < 50 ? 'control' : 'treatment');
    }
  });

  it('a litestar document under an @flags key evaluates to PARSE_ERROR, not to defaults', async () => {
    // Pointing @flags at litestar's Redis reads the same key names; the snake_case document must not
    // silently serve `false` for `default_enabled: true`.
    const storage = await connect({ url: REDIS_URL, redisPrefix: PREFIX });
    try {
      const client = new FeatureFlagClient({ storage });
      const details = await client.getBooleanDetails('beta-rollout', true, { targetingKey: 'u' });
      expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    } finally {
      await storage.close();
    }
  });
});

describe('from its SQL tables (SQLite)', () => {
  let path: string;
  beforeAll(() => {
    path = join(tempDir, 'litestar.sqlite');
    copyFileSync(join(FIXTURES, 'litestar.sqlite'), path);
  });

  it('reads binary UUIDs, uppercase enums, naive UTC text dates; reports environments', async () => {
    const data = await readLitestarSql(`sqlite:${path}`);
    const { store, report } = await importInto(data);
    expect((await store.getAllFlags()).map((f) => f.key).sort()).toEqual([
      'beta-rollout',
      'checkout-button-color',
      'homepage-experiment',
      'legacy-search',
      'max-upload-mb',
      'new-checkout',
      'old-banner',
      'search-page-size',
      'ui-config',
    ]);
    expect((await store.getFlag('new-checkout'))?.id).toBe(NEW_CHECKOUT);
    const segments = await store.getAllSegments();
    expect(segments.map((s) => s.name).sort()).toEqual(['churn-risk', 'premium-us', 'premium-users']);
    const child = segments.find((s) => s.name === 'premium-us')!;
    expect(child.parentSegmentId).toBe(segments.find((s) => s.name === 'premium-users')!.id);
    expect(report.notes.filter((n) => /^environments#|^environment_flags#/.test(n.source))).toHaveLength(3);
  });

  it('gives the same flags as the Redis layout of the same data', async () => {
    const fromSql = (await importInto(await readLitestarSql(`sqlite:${path}`))).store;
    const fromRedis = (await importInto(await readLitestarRedis(REDIS_URL, PREFIX))).store;
    const shape = async (store: StorageBackend) =>
      (await store.getAllFlags()).map(({ createdAt, updatedAt, timeSchedules, version, ...flag }) => flag);
    expect(await shape(fromSql)).toEqual(await shape(fromRedis));
  });
});

describe('from its bootstrap file', () => {
  it('applies the loader defaults, ignores rules and unknown keys as litestar does, and says so', async () => {
    const data = await readLitestarBootstrap(join(FIXTURES, 'bootstrap.json'));
    const { store, report } = await importInto(data);
    expect(await store.getAllFlags()).toHaveLength(11);
    expect(await store.getFlag('minimal-flag')).toMatchObject({
      name: 'minimal-flag',
      flagType: 'boolean',
      status: 'active',
      defaultEnabled: false,
    });
    expect((await store.getFlag('new-checkout'))?.rules).toEqual([]);
    const extra = report.notes.find((n) => n.message.includes('metadata_'));
    expect(extra?.message).toContain('owner_email');
  });
});

describe('variant weights that do not sum to 100', () => {
  it('are set so every bucket lands on the variant litestar picks', () => {
    const report = new LitestarReport();
    const flag = mapFlag(
      {
        id: NEW_CHECKOUT,
        key: 'w',
        variants: [
          { key: 'b', weight: 30, value: {} },
          { key: 'a', weight: 20, value: {} },
          { key: 'c', weight: 90, value: {} },
        ],
      },
      'test',
      report,
    )!;
    // Sorted a(20) b(30) c(90): buckets 0–19 → a, 20–49 → b, 50–99 → c (litestar's running totals).
    expect((flag.variants as { key: string; weight: number }[]).map((v) => [v.key, v.weight])).toEqual([
      ['b', 30],
      ['a', 20],
      ['c', 50],
    ]);
    expect(report.notes[0]?.message).toContain('summed to 140');
  });
});

describe('flags import-litestar (the binary)', () => {
  it('imports a SQLite database and prints the report', async () => {
    const path = join(tempDir, 'cli.sqlite');
    copyFileSync(join(FIXTURES, 'litestar.sqlite'), path);
    const run = await runCli(['import-litestar', '--from', `sqlite:${path}`, '--url', 'memory:']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created: 3 segments, 9 flags');
    expect(run.stdout).toMatch(/litestar records not carried over exactly:\n/);
    expect(run.stdout).toContain('environments#');
  });
});
