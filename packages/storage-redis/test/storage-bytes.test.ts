import { describe, expect, it, vi } from 'vitest';
import type { RedisStorageBackend } from '../src/index.js';
import { CLIENTS, type ClientKind, useTestClients } from './support/clients.js';
import { keysUnder } from './support/redis-env.js';

const env = useTestClients();

/**
 * Every key under `prefix` but the revision, with its type and content as bytes. The feed starts from
 * the server's clock: its revisions are given counted from that start, so two stores compare.
 */
async function dump(prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const start = BigInt((await env.redis.get(`${prefix}feed_start`)) ?? '0');
  const fromStart = (revision: string) => String(BigInt(revision) - start);
  for (const key of (await keysUnder(env.redis, prefix)).sort()) {
    const name = key.slice(prefix.length);
    if (name === 'revision') continue;
    const type = await env.redis.type(key);
    if (name === 'feed_head' || name === 'feed_start') {
      out[name] = fromStart((await env.redis.get(key))!);
      continue;
    }
    if (name === 'feed') {
      const scored = await env.redis.zrange(key, 0, -1, 'WITHSCORES');
      out[name] = scored.map((item, i) =>
        i % 2 === 1 ? fromStart(item) : item.replace(/^(\d+):(\d+):/, (_, at, rev) => `${at}:${fromStart(rev)}:`),
      );
      continue;
    }
    if (type === 'string') out[name] = (await env.redis.getBuffer(key))?.toString('hex');
    else if (type === 'set') out[name] = (await env.redis.smembers(key)).sort();
    else if (type === 'zset') out[name] = await env.redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'hash') out[name] = Object.entries(await env.redis.hgetall(key)).sort();
    else out[name] = type;
  }
  return out;
}

// Control characters but U+0000, which core refuses (PostgreSQL text cannot hold it).
const TRICKY = [
  '42',
  '{"a":1}',
  'true',
  'null',
  '[1,"2"]',
  '"quoted"',
  ' 7 ',
  '1e3',
  'OK',
  'ünï ✓ 🚀',
  '\u0001x\u001f',
];

/** The same writes, with fixed ids, through one backend. */
async function scenario(backend: RedisStorageBackend): Promise<void> {
  const flag = await backend.createFlag({
    id: 'flag-1',
    key: 'bytes.flag',
    flagType: 'string',
    defaultValue: '42',
    tags: TRICKY,
    metadata: { tricky: TRICKY, nested: { n: 1.5, list: [null, true, '{}'] } },
    rules: TRICKY.map((value, i) => ({ id: `rule-${i}`, name: `r${i}`, serveValue: value, rolloutPercentage: i })),
  });
  await backend.createTimeSchedule({ id: 'ts-1', flagId: flag.id, name: 'night ✓', recurrenceType: 'daily' });
  await backend.upsertOverride({ id: 'o-1', flagId: flag.id, entityType: 'user', entityId: 'u:1', value: '42' });
  await backend.upsertOverride({
    id: 'o-2',
    flagId: flag.id,
    entityType: 'team:x',
    entityId: 'ü',
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  await backend.createScheduledChange({
    id: 'c-1',
    flagId: flag.id,
    changeType: 'update_value',
    newValue: '{"x":1}',
    scheduledAt: new Date(0),
  });
  await backend.claimScheduledChange('c-1', 'worker ✓', 60_000);
  await backend.markScheduledChangeExecuted('c-1', new Date(1000), 'done');
  await backend.createRolloutPhase({
    id: 'p-1',
    flagId: flag.id,
    phaseNumber: 1,
    targetPercentage: 5,
    scheduledAt: new Date(0),
  });
  const parent = await backend.createSegment({ id: 's-1', name: 'parent ✓' });
  await backend.createSegment({ id: 's-2', name: 'child', parentSegmentId: parent.id });
  await backend.updateFlag({ ...flag, name: 'updated 🚀' });
}

describe('what the backend stores', () => {
  it('is byte for byte the same through @upstash/redis and ioredis', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-01-02T03:04:05.678Z') });
    try {
      for (const kind of CLIENTS) await scenario(env.open(kind, `bytes-${kind}`));
    } finally {
      vi.useRealTimers();
    }
    const [upstash, ioredis] = await Promise.all(CLIENTS.map((kind) => dump(env.prefixOf(`bytes-${kind}`))));
    expect(Object.keys(upstash!).length).toBeGreaterThan(15);
    expect(upstash).toEqual(ioredis);
  });

  it.each(CLIENTS)('keeps strings that look like JSON or numbers exact (%s)', async (kind: ClientKind) => {
    const backend = env.open(kind, `json-like-${kind}`);
    const flag = await backend.createFlag({
      key: 'json.like',
      flagType: 'string',
      defaultValue: '42',
      metadata: Object.fromEntries(TRICKY.map((value, i) => [`m${i}`, value])),
      rules: TRICKY.map((value) => ({ serveValue: value })),
    });
    const json = await backend.createFlag({ key: 'json.value', flagType: 'json', defaultValue: '{"not":"an object"}' });
    await backend.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: '42', value: '42' });
    const reads = [
      await backend.getFlag(flag.key),
      (await backend.getFlags([flag.key])).get(flag.key),
      (await backend.getAllFlags()).find((f) => f.key === flag.key),
      (await backend.getAllActiveFlags()).find((f) => f.key === flag.key),
    ];
    for (const read of reads) {
      expect(read?.defaultValue).toBe('42');
      expect(read?.rules.map((rule) => rule.serveValue)).toEqual(TRICKY);
      expect(Object.values(read?.metadata ?? {})).toEqual(TRICKY);
    }
    expect((await backend.getFlag(json.key))?.defaultValue).toBe('{"not":"an object"}');
    expect((await backend.getOverride(flag.id, 'user', '42'))?.value).toBe('42');
    expect((await backend.listOverrides(flag.id))[0]?.value).toBe('42');
  });
});
