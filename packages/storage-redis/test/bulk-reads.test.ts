import { createHash } from 'node:crypto';
import { encodeModel, type FeatureFlag } from '@flags/core';
import { describe, expect, it } from 'vitest';
import type { RedisCommands, RedisReply } from '../src/index.js';
import { CLIENTS, type ClientKind, useTestClients } from './support/clients.js';

const env = useTestClients();

/** Wraps an adapter so the replies of its scripts can be inspected. */
function recording(inner: RedisCommands): RedisCommands & { replies: RedisReply[] } {
  const replies: RedisReply[] = [];
  return {
    replies,
    secrets: inner.secrets,
    async send(command) {
      const reply = await inner.send(command);
      if (command[0] === 'EVALSHA' || command[0] === 'EVAL') replies.push(reply);
      return reply;
    },
    close: () => inner.close(),
  };
}

/** The documents (long strings) a script reply carried. */
function documentsIn(reply: RedisReply | undefined): string[] {
  return (Array.isArray(reply) ? reply : []).filter((v): v is string => typeof v === 'string' && v.startsWith('{'));
}

const byKey = (flags: FeatureFlag[]) => Object.fromEntries(flags.map((f) => [f.key, f]));

describe.each(CLIENTS)('conditional bulk reads (%s)', (kind: ClientKind) => {
  it('sends back only the documents that changed since this backend read them', async () => {
    let rec: ReturnType<typeof recording> | undefined;
    const reader = env.open(kind, `cond-payload-${kind}`, (c) => (rec = recording(c)));
    const writer = env.open(kind, `cond-payload-${kind}`);
    for (const key of ['a', 'b', 'c']) await writer.createFlag({ key, status: 'active' });

    rec!.replies.length = 0;
    expect((await reader.getAllActiveFlags()).map((f) => f.key)).toEqual(['a', 'b', 'c']);
    expect(documentsIn(rec!.replies.at(-1))).toHaveLength(3);

    rec!.replies.length = 0;
    expect((await reader.getAllActiveFlags()).map((f) => f.key)).toEqual(['a', 'b', 'c']);
    expect(rec!.replies.at(-1)).toEqual(['=', await env.redis.get(`${reader.prefix}revision`)]);
    expect([...(await reader.getFlags(['c', 'a', 'missing'])).keys()]).toEqual(['c', 'a']);
    expect(documentsIn(rec!.replies.at(-1))).toEqual([]);
    expect([...(await reader.getFlags(['c', 'a'])).keys()]).toEqual(['c', 'a']);
    expect(rec!.replies.at(-1)).toEqual(['=', await env.redis.get(`${reader.prefix}revision`)]);

    // A write elsewhere (a new revision) leaves the flags' documents as they were: none travels.
    await writer.upsertOverride({ flagId: (await writer.getFlag('a'))!.id, entityType: 'user', entityId: 'u1' });
    expect((await reader.getAllActiveFlags()).map((f) => f.key)).toEqual(['a', 'b', 'c']);
    // Every held stamp current, no key left for a later call, no document.
    expect(rec!.replies.at(-1)).toEqual(['111', await env.redis.get(`${reader.prefix}revision`), '']);

    const b = (await writer.getFlag('b'))!;
    await writer.updateFlag({ ...b, name: 'B2' });
    rec!.replies.length = 0;
    const all = byKey(await reader.getAllActiveFlags());
    expect(all.b?.name).toBe('B2');
    expect(documentsIn(rec!.replies.at(-1)).map((doc) => JSON.parse(doc).key)).toEqual(['b']);
  });

  it('never serves a stale copy after writes by another process', async () => {
    const reader = env.open(kind, `cond-stale-${kind}`);
    const writer = env.open(kind, `cond-stale-${kind}`);
    const flag = await writer.createFlag({ key: 'x', status: 'active', name: 'first' });
    await writer.createFlag({ key: 'y', status: 'active' });
    await reader.getAllFlags();
    await reader.getFlags(['x', 'y']);

    // A time schedule rewrites the flag document without changing its version or updatedAt.
    const schedule = await writer.createTimeSchedule({ flagId: flag.id, name: 'nightly', recurrenceType: 'daily' });
    expect((await reader.getFlags(['x'])).get('x')?.timeSchedules.map((s) => s.id)).toEqual([schedule.id]);
    expect(byKey(await reader.getAllActiveFlags()).x?.timeSchedules.map((s) => s.id)).toEqual([schedule.id]);
    await writer.deleteTimeSchedule(schedule.id);
    expect(byKey(await reader.getAllFlags()).x?.timeSchedules).toEqual([]);
    expect((await reader.getFlags(['x'])).get('x')?.timeSchedules).toEqual([]);

    // Deleted, then created again under the same key (and the same id): the new document is served.
    await writer.deleteFlag('x');
    expect((await reader.getFlags(['x'])).has('x')).toBe(false);
    expect(Object.keys(byKey(await reader.getAllActiveFlags()))).toEqual(['y']);
    await writer.createFlag({ id: flag.id, key: 'x', status: 'active', name: 'second' });
    expect((await reader.getFlags(['x'])).get('x')?.name).toBe('second');
    expect(byKey(await reader.getAllActiveFlags()).x?.name).toBe('second');

    // Leaving the active index is seen even though the reader still holds the flag.
    const x = (await writer.getFlag('x'))!;
    await writer.updateFlag({ ...x, status: 'inactive' });
    expect(Object.keys(byKey(await reader.getAllActiveFlags()))).toEqual(['y']);
    expect(byKey(await reader.getAllFlags()).x?.status).toBe('inactive');
  });

  it('hands out copies: changing a result changes no later read', async () => {
    const backend = env.open(kind, `cond-copies-${kind}`);
    await backend.createFlag({ key: 'k', status: 'active', tags: ['t'], rules: [{ conditions: [] }] });
    for (let round = 0; round < 3; round++) {
      const [fromAll] = await backend.getAllActiveFlags();
      const fromMany = (await backend.getFlags(['k'])).get('k')!;
      for (const flag of [fromAll!, fromMany]) {
        flag.tags.push('mutated');
        flag.rules[0]!.conditions.push({ attribute: 'a', operator: 'eq', value: 1 } as never);
        flag.name = 'mutated';
      }
    }
    const [flag] = await backend.getAllFlags();
    expect(flag?.tags).toEqual(['t']);
    expect(flag?.rules[0]?.conditions).toEqual([]);
    expect(flag?.name).toBe('k');
  });

  it('keeps a stamp of every flag document beside it, and drops it with the flag', async () => {
    const backend = env.open(kind, `cond-stamps-${kind}`);
    const p = backend.prefix;
    const flag = await backend.createFlag({ key: 's' });
    const stampOf = async () => env.redis.hget(`${p}flag_stamps`, 's');
    const expected = async () =>
      createHash('sha256')
        .update((await env.redis.get(`${p}flag:s`))!)
        .digest('hex')
        .slice(0, 32);
    expect(await stampOf()).toBe(await expected());
    const first = await stampOf();
    await backend.createTimeSchedule({ flagId: flag.id, recurrenceType: 'daily' });
    expect(await stampOf()).not.toBe(first);
    expect(await stampOf()).toBe(await expected());
    await backend.updateFlag({ ...(await backend.getFlag('s'))!, name: 'renamed' });
    expect(await stampOf()).toBe(await expected());
    await backend.deleteFlag('s');
    expect(await env.redis.hexists(`${p}flag_stamps`, 's')).toBe(0);
  });

  it('reads a flag document that has no stamp (written by other means, with a new revision)', async () => {
    const backend = env.open(kind, `cond-unstamped-${kind}`);
    const flag = await backend.createFlag({ key: 'u', status: 'active' });
    const p = backend.prefix;
    await backend.getAllActiveFlags();
    await backend.getFlags(['u']);
    await env.redis.hdel(`${p}flag_stamps`, 'u');
    await env.redis.set(`${p}flag:u`, encodeModel({ ...flag, name: 'edited' }));
    await env.redis.set(`${p}revision`, 'edited by hand');
    for (let round = 0; round < 2; round++) {
      expect((await backend.getAllActiveFlags())[0]?.name).toBe('edited');
      expect((await backend.getFlags(['u'])).get('u')?.name).toBe('edited');
    }
  });

  it('does not look up keys that cannot be flag keys', async () => {
    const backend = env.open(kind, `cond-odd-keys-${kind}`);
    await backend.createFlag({ key: 'ok' });
    const found = await backend.getFlags(['', 'ok\nok', 'ok', 'ok']);
    expect([...found.keys()]).toEqual(['ok']);
    expect(await backend.getFlags(['\n'])).toEqual(new Map());
  });
});
