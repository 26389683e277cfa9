import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RedisStorageBackend } from '../src/index.js';
import { CLIENTS, type ClientKind, useTestClients } from './support/clients.js';
import { keysUnder } from './support/redis-env.js';

const env = useTestClients();

const FLAG_KEYS = ['fa', 'fb', 'fc'] as const;
const op = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), flag: fc.constantFrom(...FLAG_KEYS) }),
  fc.record({
    kind: fc.constant('override' as const),
    flag: fc.constantFrom(...FLAG_KEYS),
    entityType: fc.constantFrom('user', 'team:x', '50%'),
    entityId: fc.constantFrom('1', '2:3'),
    expiresInMs: fc.constantFrom(null, 40, 3_600_000),
  }),
  fc.record({ kind: fc.constant('change' as const), flag: fc.constantFrom(...FLAG_KEYS), executed: fc.boolean() }),
  fc.record({ kind: fc.constant('schedule' as const), flag: fc.constantFrom(...FLAG_KEYS) }),
  fc.record({ kind: fc.constant('phase' as const), flag: fc.constantFrom(...FLAG_KEYS), executed: fc.boolean() }),
  fc.record({ kind: fc.constant('unoverride' as const), flag: fc.constantFrom(...FLAG_KEYS) }),
  fc.record({ kind: fc.constant('delete' as const), flag: fc.constantFrom(...FLAG_KEYS) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** What a flag left behind: the keys and index members that must all be gone once it is deleted. */
interface Trail {
  id: string;
  keys: string[];
  members: [set: string, member: string][];
}

async function apply(backend: RedisStorageBackend, trails: Map<string, Trail>, step: Op): Promise<void> {
  const p = backend.prefix;
  const trail = trails.get(step.flag);
  if (step.kind === 'create') {
    if (trail) return;
    const flag = await backend.createFlag({ key: step.flag });
    trails.set(step.flag, { id: flag.id, keys: [`${p}flag:${flag.key}`, `${p}flag_id:${flag.id}`], members: [] });
    return;
  }
  if (!trail) return;
  if (step.kind === 'delete') {
    expect(await backend.deleteFlag(step.flag)).toBe(true);
    trails.delete(step.flag);
    for (const key of trail.keys) expect(await env.redis.exists(key), `${key} outlived its flag`).toBe(0);
    for (const [set, member] of trail.members) expect(await env.redis.sismember(set, member)).toBe(0);
    expect(await env.redis.sismember(`${p}flags`, step.flag)).toBe(0);
    expect((await keysUnder(env.redis, p)).filter((key) => key.includes(trail.id))).toEqual([]);
  } else if (step.kind === 'override') {
    const expiresAt = step.expiresInMs === null ? null : new Date(Date.now() + step.expiresInMs);
    const o = await backend.upsertOverride({
      flagId: trail.id,
      entityType: step.entityType,
      entityId: step.entityId,
      expiresAt,
    });
    trail.keys.push(`${p}override_id:${o.id}`);
  } else if (step.kind === 'unoverride') {
    await backend.deleteOverride(trail.id, 'user', '1');
  } else if (step.kind === 'change') {
    const c = await backend.createScheduledChange({
      flagId: trail.id,
      changeType: 'enable',
      scheduledAt: new Date(),
      executed: step.executed,
    });
    trail.keys.push(`${p}change:${c.id}`);
    trail.members.push([`${p}changes`, c.id], [`${p}changes_pending`, c.id]);
  } else if (step.kind === 'schedule') {
    const s = await backend.createTimeSchedule({ flagId: trail.id, recurrenceType: 'daily' });
    trail.keys.push(`${p}schedule:${s.id}`);
    trail.members.push([`${p}schedules`, s.id]);
  } else {
    const number = trail.members.filter(([set]) => set === `${p}phases_pending`).length + 1;
    const ph = await backend.createRolloutPhase({
      flagId: trail.id,
      phaseNumber: number,
      targetPercentage: 10,
      scheduledAt: new Date(),
      executed: step.executed,
    });
    trail.keys.push(`${p}phase:${ph.id}`);
    trail.members.push([`${p}phases_pending`, ph.id]);
  }
}

describe.each(CLIENTS)('deleteFlag cascade (%s)', (kind: ClientKind) => {
  it('leaves no key of a deleted flag after any sequence of writes and deletes (SCAN of the prefix)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (steps) => {
        const backend = env.open(kind, `cascade-${kind}-${++run}`);
        const trails = new Map<string, Trail>();
        for (const step of steps) await apply(backend, trails, step);
        for (const key of [...trails.keys()]) await apply(backend, trails, { kind: 'delete', flag: key as 'fa' });
        // Only the revision is left once every flag is gone (no segments were written).
        const left = await keysUnder(env.redis, backend.prefix);
        // The revision and the change feed (which records the deletes) outlive the records.
        const kept = ['revision', 'feed', 'feed_head', 'feed_start'].map((name) => `${backend.prefix}${name}`);
        expect(left.filter((key) => !kept.includes(key))).toEqual([]);
      }),
      { numRuns: kind === 'ioredis' ? 20 : 8 },
    );
  });
});
