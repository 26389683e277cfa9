/**
 * The Redis suite (issue 5): `getFlag`, `getFlags(100)`, `getAllActiveFlags` over 1,000 flags and a
 * client evaluation, through ioredis and through @upstash/redis (against the repo's Upstash-compatible
 * server in front of the same Redis), each beside the same client's raw GET/MGET of the same bytes.
 * Target: each read ≤ 1.3× the time of its raw command (reported, never asserted).
 * Writes `bench/results/redis.json`. Redis: `$FLAGS_TEST_REDIS_URL`, else redis://127.0.0.1:6379.
 */
import { FeatureFlagClient } from '@flags/core';
import { RedisStorageBackend } from '@flags/storage-redis';
import { ioredisCommands } from '@flags/storage-redis/ioredis';
import { Redis as Upstash } from '@upstash/redis';
import type { Redis } from 'ioredis';
import { connectTestRedis, redisUrl } from '../../packages/storage-redis/test/support/redis-connect.js';
import { startUpstashServer } from '../../packages/storage-redis/test/support/upstash-server.js';
import { measure } from './measure.js';
import { BATCH, CONTEXT, FLAG_COUNT, flagKey, overrideKeys, seedFlags } from './redis-fixture.js';
import type { BenchSuite, Reporter } from './types.js';

const TARGET = 1.3;

/** One client's raw commands, to compare the backend with. */
interface RawClient {
  name: string;
  get(key: string): Promise<unknown>;
  mget(keys: string[]): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  backend: RedisStorageBackend;
  /** The same client behind a backend with `flagCacheSize: 0`. */
  uncached: RedisStorageBackend;
}

async function deleteUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * Names of one comparison; `parsed` also times the raw reply JSON-parsed, and `cold` the same read by
 * a backend without a flag cache, which gets and decodes every document (bulk reads).
 */
interface PairNames {
  raw: string;
  ours: string;
  parsed?: () => Promise<unknown>;
  cold?: () => Promise<unknown>;
}

/** The raw command, optionally its bytes JSON-parsed, then ours; ratios are against the raw command. */
async function pair(
  report: Reporter,
  label: string,
  raw: () => Promise<unknown>,
  ours: () => Promise<unknown>,
  names: PairNames,
): Promise<void> {
  const r = await measure(names.raw, raw);
  report.add({ name: `${label} raw ${names.raw}`, ...r, ratio: 1 });
  if (names.parsed) {
    const p = await measure(`${names.raw} + JSON.parse`, names.parsed);
    report.add({
      name: `${label} raw ${names.raw} + JSON.parse`,
      ...p,
      ratio: p.opsPerSec / r.opsPerSec,
      note: `${(p.meanUs / r.meanUs).toFixed(2)}× raw time: the floor of any read returning objects`,
    });
  }
  const o = await measure(names.ours, ours);
  const slowdown = o.meanUs / r.meanUs;
  report.add({
    name: `${label} ${names.ours}`,
    ...o,
    ratio: o.opsPerSec / r.opsPerSec,
    note: `${slowdown.toFixed(2)}× raw time (target ≤ ${TARGET}×)${slowdown > TARGET ? ' MISSED' : ''}`,
  });
  console.log(
    `  ${label} ${names.ours}: ${o.meanUs.toFixed(0)} µs vs raw ${r.meanUs.toFixed(0)} µs (${slowdown.toFixed(2)}×)`,
  );
  if (names.cold) {
    const c = await measure(`${names.ours}, cache off`, names.cold);
    report.add({
      name: `${label} ${names.ours}, cache off`,
      ...c,
      ratio: c.opsPerSec / r.opsPerSec,
      note: `${(c.meanUs / r.meanUs).toFixed(2)}× raw time: every document sent and decoded (a first read; every flag changed)`,
    });
  }
}

async function parseAll(values: Promise<unknown>): Promise<unknown[]> {
  return ((await values) as (string | null)[]).map((value) => (value === null ? null : JSON.parse(value)));
}

async function measureClient(report: Reporter, raw: RawClient, prefix: string, firstId: string): Promise<void> {
  const first = flagKey(0);
  const batch = Array.from({ length: BATCH }, (_, i) => flagKey(i * (FLAG_COUNT / BATCH)));
  const all = Array.from({ length: FLAG_COUNT }, (_, i) => flagKey(i));
  const k = (key: string) => `${prefix}flag:${key}`;
  const client = new FeatureFlagClient({ storage: raw.backend });
  const probes = overrideKeys(prefix, firstId);
  const name = raw.name;
  await pair(
    report,
    name,
    () => raw.get(k(first)),
    () => raw.backend.getFlag(first),
    { raw: 'GET', ours: 'getFlag' },
  );
  await pair(
    report,
    name,
    () => raw.mget(batch.map(k)),
    () => raw.backend.getFlags(batch),
    {
      raw: `MGET ×${BATCH}`,
      ours: `getFlags(${BATCH})`,
      parsed: () => parseAll(raw.mget(batch.map(k))),
      cold: () => raw.uncached.getFlags(batch),
    },
  );
  await pair(
    report,
    name,
    () => raw.mget(all.map(k)),
    () => raw.backend.getAllActiveFlags(),
    {
      raw: `MGET ×${FLAG_COUNT}`,
      ours: `getAllActiveFlags (${FLAG_COUNT} flags)`,
      parsed: () => parseAll(raw.mget(all.map(k))),
      cold: () => raw.uncached.getAllActiveFlags(),
    },
  );
  // The same reads when something else was written since the last one (a new revision, every flag
  // unchanged): the backend then compares per-flag stamps instead of the revision alone. Both sides
  // pay for the write.
  const revision = `${prefix}revision`;
  const write = () => raw.set(revision, `bench-${Math.random()}`);
  await pair(
    report,
    name,
    async () => {
      await write();
      return raw.mget(batch.map(k));
    },
    async () => {
      await write();
      return raw.backend.getFlags(batch);
    },
    { raw: `SET + MGET ×${BATCH}`, ours: `SET elsewhere + getFlags(${BATCH})` },
  );
  await pair(
    report,
    name,
    async () => {
      await write();
      return raw.mget(all.map(k));
    },
    async () => {
      await write();
      return raw.backend.getAllActiveFlags();
    },
    { raw: `SET + MGET ×${FLAG_COUNT}`, ours: `SET elsewhere + getAllActiveFlags (${FLAG_COUNT} flags)` },
  );
  const rawEvaluation = async () => {
    await raw.get(k(first));
    return raw.mget(probes);
  };
  await pair(report, name, rawEvaluation, () => client.getBooleanValue(first, false, CONTEXT), {
    raw: 'GET + MGET ×4 overrides',
    ours: 'client getBooleanValue',
  });
}

/** Runs the Redis suite. */
export const run: BenchSuite = async (report) => {
  const url = redisUrl();
  const io = await connectTestRedis();
  const server = await startUpstashServer(url);
  const prefix = `{bench}:${Date.now().toString(36)}:`;
  try {
    const ioBackend = new RedisStorageBackend({ commands: ioredisCommands(io), prefix });
    const firstId = await seedFlags(ioBackend);
    const upstash = new Upstash({
      url: server.url,
      token: server.token,
      automaticDeserialization: false,
      enableTelemetry: false,
      enableAutoPipelining: false,
    });
    const clients: RawClient[] = [
      {
        name: 'ioredis',
        get: (key) => io.get(key),
        mget: (keys) => io.mget(keys),
        set: (key, value) => io.set(key, value),
        backend: ioBackend,
        uncached: new RedisStorageBackend({ commands: ioredisCommands(io), prefix, flagCacheSize: 0 }),
      },
      {
        name: '@upstash/redis',
        get: (key) => upstash.get(key),
        mget: (keys) => upstash.mget(...keys),
        set: (key, value) => upstash.set(key, value),
        backend: new RedisStorageBackend({ redis: upstash, prefix }),
        uncached: new RedisStorageBackend({ redis: upstash, prefix, flagCacheSize: 0 }),
      },
    ];
    report.meta('flags', FLAG_COUNT);
    report.meta('flagJsonBytes', await io.strlen(`${prefix}flag:${flagKey(0)}`));
    report.meta('target', `each read ≤ ${TARGET}× its raw command's time`);
    report.meta(
      'bulkReads',
      'the backend holds every flag: with no write since its last read the revision alone answers; after a write elsewhere it sends stamps and gets back only changed documents (none here)',
    );
    report.meta(
      'upstash',
      'HTTP to the repo Upstash-compatible server (node:http) in front of the same Redis, loopback',
    );
    for (const client of clients) await measureClient(report, client, prefix, firstId);
    await report.flush();
  } finally {
    await deleteUnder(io, prefix);
    await server.close();
    io.disconnect();
  }
};
