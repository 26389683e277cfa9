import { ConflictError, ValidationError } from '@flags/core';
import { MemoryStorageBackend, MemoryStore, type MemoryStoreSnapshot } from '@flags/storage-memory';
import { describe, expect, it } from 'vitest';

const T0 = new Date('2030-01-01T00:00:00.000Z');

/** A store holding one of every record kind, two segments (child listed first) and an expired override. */
async function populated() {
  let now = T0.getTime();
  const backend = new MemoryStorageBackend({ clock: () => new Date(now) });
  const flag = await backend.createFlag({
    key: 'checkout',
    metadata: { nested: { list: [1, 'ü', null] } },
    rules: [{ conditions: [{ attribute: 'country', operator: 'in', value: ['DE'] }], rolloutPercentage: 30 }],
  });
  await backend.updateFlag({ ...flag, name: 'Checkout v2' });
  await backend.createFlag({ key: 'another' });
  const parent = await backend.createSegment({ name: 'z-parent' });
  await backend.createSegment({ name: 'a-child', parentSegmentId: parent.id });
  await backend.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u1', value: { a: 1 } });
  await backend.upsertOverride({
    flagId: flag.id,
    entityType: 'user',
    entityId: 'gone',
    expiresAt: new Date(now + 1),
  });
  const change = await backend.createScheduledChange({ flagId: flag.id, changeType: 'disable', scheduledAt: T0 });
  await backend.claimScheduledChange(change.id, 'worker-1', 60_000);
  await backend.createTimeSchedule({
    flagId: flag.id,
    name: 'office hours',
    recurrenceType: 'daily',
    startTime: '09:00',
    endTime: '17:00',
    timezone: 'Europe/Berlin',
  });
  await backend.createRolloutPhase({ flagId: flag.id, phaseNumber: 1, targetPercentage: 50, scheduledAt: T0 });
  now += 10;
  return { backend, flag, parent };
}

describe('MemoryStore snapshot and seed', () => {
  it('an empty store snapshots to empty lists', () => {
    expect(new MemoryStore().snapshot()).toStrictEqual({
      flags: [],
      overrides: [],
      segments: [],
      scheduledChanges: [],
      timeSchedules: [],
      rolloutPhases: [],
    });
  });

  it('lists every stored record, flags by key and segments by name, flags without their schedules', async () => {
    const { backend, flag } = await populated();
    const snapshot = backend.store.snapshot();
    expect(snapshot.flags.map((f) => f.key)).toStrictEqual(['another', 'checkout']);
    expect(snapshot.flags[1]).toStrictEqual({ ...(await backend.getFlag('checkout')), timeSchedules: [] });
    expect(snapshot.flags[1]?.version).toBe(2);
    expect(snapshot.segments.map((s) => s.name)).toStrictEqual(['a-child', 'z-parent']);
    // The expired override is stored, so it is in the snapshot (reads keep hiding it).
    expect(snapshot.overrides.map((o) => o.entityId).sort()).toStrictEqual(['gone', 'u1']);
    expect(snapshot.scheduledChanges[0]?.claimedBy).toBe('worker-1');
    expect(snapshot.timeSchedules).toStrictEqual(await backend.getTimeSchedules({ flagId: flag.id }));
    expect(snapshot.rolloutPhases).toStrictEqual(await backend.getRolloutPhases(flag.id));
  });

  it('is a copy: changing it or the store afterwards changes nothing of the other', async () => {
    const { backend } = await populated();
    const snapshot = backend.store.snapshot();
    const before = structuredClone(snapshot);
    (snapshot.flags[1]!.metadata.nested as { list: unknown[] }).list.push('mutated');
    snapshot.flags[1]!.createdAt.setTime(0);
    expect(backend.store.snapshot()).toStrictEqual(before);
    await backend.deleteFlag('checkout');
    expect(snapshot.overrides).toHaveLength(2);
  });

  it('a store seeded with a snapshot reads exactly as the original, versions and leases included', async () => {
    const { backend, flag, parent } = await populated();
    const clock = () => new Date(T0.getTime() + 10);
    const restored = new MemoryStorageBackend({ store: new MemoryStore(backend.store.snapshot()), clock });
    const reads = async (b: MemoryStorageBackend) => ({
      flags: await b.getAllFlags(),
      overrides: await b.listOverrides(flag.id),
      segments: await b.getAllSegments(),
      children: await b.getChildSegments(parent.id),
      changes: await b.getScheduledChanges({ pendingOnly: false }),
      schedules: await b.getTimeSchedules(),
      phases: await b.getRolloutPhases(flag.id),
      pendingPhases: await b.getPendingRolloutPhases(),
    });
    const original = await reads(backend);
    expect(original.overrides).toHaveLength(1);
    expect(await reads(restored)).toStrictEqual(original);
    expect(restored.store.snapshot()).toStrictEqual(backend.store.snapshot());

    const stored = original.flags[1]!;
    await expect(restored.updateFlag({ ...stored, version: 1 })).rejects.toBeInstanceOf(ConflictError);
    expect((await restored.updateFlag(stored)).version).toBe(3);
    expect(await restored.claimScheduledChange(original.changes[0]!.id, 'worker-2', 1_000)).toBe(false);
    await expect(restored.createFlag({ key: 'another' })).rejects.toThrow(/taken/);
  });

  it('a restored store has a revision of its own', async () => {
    const { backend } = await populated();
    const restored = new MemoryStore(backend.store.snapshot());
    expect(restored.revision).not.toBe(backend.store.revision);
    expect(new MemoryStore(backend.store.snapshot()).revision).not.toBe(restored.revision);
  });

  it('takes hand-written fixtures: inputs get defaults, given ids, versions and timestamps are kept', async () => {
    const store = new MemoryStore({
      flags: [{ id: 'f1', key: 'beta', defaultEnabled: true, version: 4, createdAt: T0 }],
      overrides: [{ flagId: 'f1', entityType: 'user', entityId: 'alice', enabled: false }],
      segments: [
        { name: 'child', parentSegmentId: 's1' },
        { id: 's1', name: 'parent' },
      ],
    });
    const backend = new MemoryStorageBackend({ store });
    const flag = await backend.getFlag('beta');
    expect(flag).toMatchObject({ id: 'f1', version: 4, createdAt: T0, defaultEnabled: true, status: 'active' });
    expect((await backend.getOverride('f1', 'user', 'alice'))?.enabled).toBe(false);
    expect((await backend.getChildSegments('s1')).map((s) => s.name)).toStrictEqual(['child']);
  });

  it('rejects a bad seed with every problem, each with its path in the seed', () => {
    const seed = {
      flags: [{ id: 'f1', key: 'dup' }, { key: 'dup' }, { key: '1-not-a-key' }],
      overrides: [
        { flagId: 'nope', entityType: 'user', entityId: 'a' },
        { flagId: 'f1', entityType: 'user', entityId: 'b' },
        { flagId: 'f1', entityType: 'user', entityId: 'b' },
      ],
      segments: [{ name: 'orphan', parentSegmentId: 'missing' }],
      rolloutPhases: [
        { flagId: 'f1', phaseNumber: 1, targetPercentage: 10, scheduledAt: T0 },
        { flagId: 'f1', phaseNumber: 1, targetPercentage: 20, scheduledAt: T0 },
      ],
    } satisfies ConstructorParameters<typeof MemoryStore>[0];
    let error: unknown;
    try {
      new MemoryStore(seed);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toStrictEqual([
      'flags[1].key',
      'flags[2].key',
      'overrides[0].flagId',
      'overrides[2]',
      'segments[0].parentSegmentId',
      'rolloutPhases[1].phaseNumber',
    ]);
  });

  it('round-trips through structured cloning (e.g. a worker or a v8-serialised file)', async () => {
    const { backend } = await populated();
    const snapshot: MemoryStoreSnapshot = structuredClone(backend.store.snapshot());
    expect(new MemoryStore(snapshot).snapshot()).toStrictEqual(backend.store.snapshot());
  });
});
