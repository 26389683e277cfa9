import type { StorageBackend } from '@flags/core';
import { describe, expect, it } from 'vitest';
import { CLIENTS, type ClientKind, counting, useTestClients } from './support/clients.js';

const env = useTestClients();

const ENTITIES = [
  { entityType: 'user', entityId: 'u1' },
  { entityType: 'organization', entityId: 'o1' },
  { entityType: 'tenant', entityId: 't1' },
  { entityType: 'targeting_key', entityId: 'k1' },
];

/** Every read of the protocol, over data that gives each something to find. */
async function reads(backend: StorageBackend) {
  const keys = Array.from({ length: 100 }, (_, i) => `rt.flag.${i}`);
  const flags = await Promise.all(
    keys.map((key, i) => backend.createFlag({ key, status: i % 2 ? 'active' : 'inactive' })),
  );
  const flagIds = flags.map((f) => f.id);
  for (const f of flags.slice(0, 5)) {
    await backend.upsertOverride({ flagId: f.id, entityType: 'user', entityId: 'u1' });
    await backend.createScheduledChange({ flagId: f.id, changeType: 'enable', scheduledAt: new Date() });
    await backend.createTimeSchedule({ flagId: f.id, recurrenceType: 'daily' });
    await backend.createRolloutPhase({ flagId: f.id, phaseNumber: 1, targetPercentage: 5, scheduledAt: new Date() });
  }
  const parent = await backend.createSegment({ name: 'rt.parent' });
  await backend.createSegment({ name: 'rt.child', parentSegmentId: parent.id });
  const first = flags[0]!;
  return {
    getFlag: () => backend.getFlag(first.key),
    'getFlags(100)': () => backend.getFlags(keys),
    getAllActiveFlags: () => backend.getAllActiveFlags(),
    getAllFlags: () => backend.getAllFlags(),
    getOverride: () => backend.getOverride(first.id, 'user', 'u1'),
    getOverrides: () => backend.getOverrides(first.id, ENTITIES),
    'getOverridesForFlags(100)': () => backend.getOverridesForFlags(flagIds, ENTITIES),
    listOverrides: () => backend.listOverrides(first.id),
    getScheduledChanges: () => backend.getScheduledChanges(),
    'getScheduledChanges(flagId)': () => backend.getScheduledChanges({ flagId: first.id, pendingOnly: false }),
    getTimeSchedules: () => backend.getTimeSchedules({ flagId: first.id }),
    getRolloutPhases: () => backend.getRolloutPhases(first.id),
    getPendingRolloutPhases: () => backend.getPendingRolloutPhases(),
    getSegment: () => backend.getSegment(parent.id),
    getSegmentByName: () => backend.getSegmentByName('rt.child'),
    getAllSegments: () => backend.getAllSegments(),
    getChildSegments: () => backend.getChildSegments(parent.id),
    getRevision: () => backend.getRevision(),
  };
}

describe.each(CLIENTS)('round trips per read (%s)', (kind: ClientKind) => {
  it('is one for every read, bulk reads included', async () => {
    let counter: ReturnType<typeof counting> | undefined;
    const backend = env.open(kind, `round-trips-${kind}`, (commands) => (counter = counting(commands)));
    const all = await reads(backend);
    // Warm-up: the first run of a script on a server costs one more trip (EVALSHA → NOSCRIPT → EVAL).
    for (const read of Object.values(all)) await read();
    const perRead: Record<string, number> = {};
    const http = env.server.requests;
    const httpBefore = [...http.values()].reduce((a, b) => a + b, 0);
    for (const [name, read] of Object.entries(all)) {
      counter!.calls.length = 0;
      const result = await read();
      expect(result, name).not.toBeNull();
      perRead[name] = counter!.calls.length;
    }
    expect(perRead).toEqual(Object.fromEntries(Object.keys(all).map((name) => [name, 1])));
    const httpAfter = [...http.values()].reduce((a, b) => a + b, 0);
    expect(httpAfter - httpBefore).toBe(kind === 'upstash' ? Object.keys(all).length : 0);
  });
});

describe.each(CLIENTS)('round trips of upsertOverrides (%s)', (kind: ClientKind) => {
  it('is two (one MGET, one script call) for 10 overrides as for 500', async () => {
    let counter: ReturnType<typeof counting> | undefined;
    const backend = env.open(kind, `batch-round-trips-${kind}`, (commands) => (counter = counting(commands)));
    const flags = await Promise.all([1, 2].map((n) => backend.createFlag({ key: `rt.batch.${n}` })));
    const batch = (size: number, value: string) =>
      Array.from({ length: size }, (_, i) => ({
        flagId: flags[i % 2]!.id,
        entityType: 'user',
        entityId: `u-${Math.floor(i / 2)}`,
        value,
      }));
    // Warm-up: the first run of a script on a server costs one more trip (EVALSHA → NOSCRIPT → EVAL).
    await backend.upsertOverrides(batch(2, 'warm'));
    const trips: number[] = [];
    for (const [size, value] of [
      [10, 'small'],
      [500, 'large'],
    ] as const) {
      counter!.calls.length = 0;
      expect(await backend.upsertOverrides(batch(size, value))).toHaveLength(size);
      trips.push(counter!.calls.length);
    }
    expect(trips).toEqual([2, 2]);
    expect(await backend.getOverride(flags[1]!.id, 'user', 'u-0')).toMatchObject({ value: 'large' });
  });
});
