import { StorageError } from '@flags/core';
import { MemoryStorageBackend, MemoryStore } from '@flags/storage-memory';
import { describe, expect, it } from 'vitest';

/** A clock the test moves by hand. */
function manualClock(start = '2030-01-01T00:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('MemoryStorageBackend clock option', () => {
  it('stamps createdAt and updatedAt from the injected clock', async () => {
    const time = manualClock();
    const storage = new MemoryStorageBackend({ clock: time.clock });
    const created = await storage.createFlag({ key: 'clocked' });
    expect(created.createdAt.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    time.advance(1_500);
    const updated = await storage.updateFlag(created);
    expect(updated.createdAt.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(updated.updatedAt.toISOString()).toBe('2030-01-01T00:00:01.500Z');
  });

  it('hides an override once the clock reaches its expiresAt', async () => {
    const time = manualClock();
    const storage = new MemoryStorageBackend({ clock: time.clock });
    const flag = await storage.createFlag({ key: 'expiring' });
    const expiresAt = new Date(time.clock().getTime() + 60_000);
    await storage.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u1', expiresAt });
    const entity = [{ entityType: 'user', entityId: 'u1' }];

    time.advance(59_999);
    expect(await storage.getOverride(flag.id, 'user', 'u1')).not.toBeNull();
    expect(await storage.getOverrides(flag.id, entity)).toHaveLength(1);

    time.advance(1);
    expect(await storage.getOverride(flag.id, 'user', 'u1')).toBeNull();
    expect(await storage.getOverrides(flag.id, entity)).toEqual([]);
    expect(await storage.getOverridesForFlags([flag.id], entity)).toEqual([]);
    expect(await storage.listOverrides(flag.id)).toEqual([]);
    expect(await storage.deleteOverride(flag.id, 'user', 'u1')).toBe(false);
  });

  it('gives an override upserted over an expired one a fresh id and createdAt', async () => {
    const time = manualClock();
    const storage = new MemoryStorageBackend({ clock: time.clock });
    const flag = await storage.createFlag({ key: 'renewed' });
    const first = await storage.upsertOverride({
      flagId: flag.id,
      entityType: 'user',
      entityId: 'u1',
      expiresAt: new Date(time.clock().getTime() + 1_000),
    });
    time.advance(5_000);
    const second = await storage.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u1' });
    expect(second.id).not.toBe(first.id);
    expect(second.createdAt.getTime()).toBe(first.createdAt.getTime() + 5_000);
  });

  it('lets another owner claim a lease exactly when the clock passes its end', async () => {
    const time = manualClock();
    const storage = new MemoryStorageBackend({ clock: time.clock });
    const flag = await storage.createFlag({ key: 'leased' });
    const change = await storage.createScheduledChange({
      flagId: flag.id,
      changeType: 'enable',
      scheduledAt: time.clock(),
    });
    expect(await storage.claimScheduledChange(change.id, 'a', 30_000)).toBe(true);
    const [claimed] = await storage.getScheduledChanges();
    expect(claimed?.claimExpiresAt?.toISOString()).toBe('2030-01-01T00:00:30.000Z');

    time.advance(29_999);
    expect(await storage.claimScheduledChange(change.id, 'b', 30_000)).toBe(false);
    time.advance(1);
    expect(await storage.claimScheduledChange(change.id, 'b', 30_000)).toBe(true);
    expect(await storage.claimScheduledChange(change.id, 'a', 30_000)).toBe(false);
  });
});

describe('MemoryStorageBackend store sharing', () => {
  it('shows one backend the writes of another on the same store', async () => {
    const first = new MemoryStorageBackend();
    const second = new MemoryStorageBackend({ store: first.store });
    expect(second.store).toBe(first.store);

    const before = await second.getRevision();
    await first.createFlag({ key: 'shared' });
    expect(await second.getRevision()).not.toBe(before);
    expect(await first.getRevision()).toBe(await second.getRevision());
    expect((await second.getFlag('shared'))?.key).toBe('shared');
  });

  it('keeps separate stores apart, with revisions that never coincide', async () => {
    const first = new MemoryStorageBackend();
    const second = new MemoryStorageBackend({ store: new MemoryStore() });
    await first.createFlag({ key: 'only-in-first' });
    await second.createFlag({ key: 'only-in-second' });
    expect(await second.getFlag('only-in-first')).toBeNull();
    expect(await first.getRevision()).not.toBe(await second.getRevision());
  });

  it('lets two backends on one store race for a claim with exactly one winner', async () => {
    const first = new MemoryStorageBackend();
    const second = new MemoryStorageBackend({ store: first.store });
    const flag = await first.createFlag({ key: 'raced' });
    const phase = await first.createRolloutPhase({
      flagId: flag.id,
      phaseNumber: 1,
      targetPercentage: 50,
      scheduledAt: new Date(),
    });
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).claimRolloutPhase(phase.id, `owner-${i}`, 60_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('keeps the data for the other backends when one of them closes', async () => {
    const first = new MemoryStorageBackend();
    const second = new MemoryStorageBackend({ store: first.store });
    await first.createFlag({ key: 'survives' });
    await first.close();
    expect((await second.getFlag('survives'))?.key).toBe('survives');
    const reopened = new MemoryStorageBackend({ store: first.store });
    expect((await reopened.getFlag('survives'))?.key).toBe('survives');
  });
});

describe('MemoryStorageBackend close', () => {
  it('is idempotent, turns healthCheck false and rejects later calls with StorageError', async () => {
    const storage = new MemoryStorageBackend();
    expect(await storage.healthCheck()).toBe(true);
    await storage.close();
    await storage.close();
    expect(await storage.healthCheck()).toBe(false);
    await expect(storage.getFlag('any')).rejects.toBeInstanceOf(StorageError);
    await expect(storage.createFlag({ key: 'late' })).rejects.toThrow('[@flags/storage-memory] the backend is closed');
  });
});

describe('MemoryStorageBackend copies on the way out', () => {
  it('keeps a "__proto__" metadata key as a plain own key, without touching prototypes', async () => {
    const storage = new MemoryStorageBackend();
    const metadata = JSON.parse('{"__proto__":{"polluted":true},"plain":1}');
    await storage.createFlag({ key: 'proto-key', metadata });
    const read = await storage.getFlag('proto-key');
    expect(Object.keys(read?.metadata ?? {})).toEqual(['__proto__', 'plain']);
    expect(Object.getPrototypeOf(read?.metadata)).toBe(Object.prototype);
    expect(JSON.stringify(read?.metadata)).toBe('{"__proto__":{"polluted":true},"plain":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('MemoryStorageBackend copies long lists on the way out', () => {
  const ids = Array.from({ length: 100 }, (_, i) => `user-${i}`);
  const objects = Array.from({ length: 20 }, (_, i) => ({ id: i, tags: [`t${i}`] }));

  it('a long list of ids read twice: changing the first copy leaves the store and the second copy alone', async () => {
    const storage = new MemoryStorageBackend();
    await storage.createFlag({
      key: 'long-lists',
      rules: [
        {
          conditions: [
            { attribute: 'userId', operator: 'in', value: ids },
            { attribute: 'owner', operator: 'in', value: objects },
          ],
        },
      ],
    });
    const first = (await storage.getFlag('long-lists'))!;
    const [idList, objectList] = first.rules[0]!.conditions.map((c) => c.value as unknown[]);
    idList!.push({ sneaked: true });
    idList![0] = 'someone-else';
    (objectList![0] as { tags: string[] }).tags.push('sneaked');
    objectList!.pop();
    const second = (await storage.getFlag('long-lists'))!;
    expect(second.rules[0]!.conditions[0]!.value).toEqual(ids);
    expect(second.rules[0]!.conditions[1]!.value).toEqual(objects);
    expect(second.rules[0]!.conditions[0]!.value).not.toBe(idList);
    expect((await storage.getAllFlags())[0]!.rules[0]!.conditions.map((c) => c.value)).toEqual([ids, objects]);
  });

  it('a list that changes from ids to objects on update is copied deeply after the update', async () => {
    const storage = new MemoryStorageBackend();
    const created = await storage.createFlag({
      key: 'changing',
      rules: [{ conditions: [{ attribute: 'userId', operator: 'in', value: ids }] }],
    });
    await storage.getFlag('changing');
    await storage.updateFlag({
      ...created,
      rules: [{ ...created.rules[0]!, conditions: [{ attribute: 'owner', operator: 'in', value: objects }] }],
    });
    const read = (await storage.getFlag('changing'))!;
    (read.rules[0]!.conditions[0]!.value as { id: number }[])[0]!.id = -1;
    expect((await storage.getFlag('changing'))!.rules[0]!.conditions[0]!.value).toEqual(objects);
  });
});

describe('MemoryStorageBackend keeps read orders ready between writes', () => {
  const schedule = (flagId: string, name: string) => ({
    flagId,
    name,
    recurrenceType: 'daily' as const,
    startTime: '09:00',
    endTime: '17:00',
  });

  it('a flag read attaches its time schedules by name, as of the latest schedule write', async () => {
    const storage = new MemoryStorageBackend();
    const flag = await storage.createFlag({ key: 'scheduled' });
    const names = async () => (await storage.getFlag('scheduled'))!.timeSchedules.map((s) => s.name);
    const b = await storage.createTimeSchedule(schedule(flag.id, 'b'));
    expect(await names()).toEqual(['b']);
    const a = await storage.createTimeSchedule(schedule(flag.id, 'a'));
    expect(await names()).toEqual(['a', 'b']);
    await storage.updateTimeSchedule({ ...a, name: 'c' });
    expect(await names()).toEqual(['b', 'c']);
    await storage.deleteTimeSchedule(b.id);
    expect(await names()).toEqual(['c']);
    expect((await storage.getTimeSchedules({ flagId: flag.id })).map((s) => s.name)).toEqual(['c']);
  });

  it('getAllSegments follows creates, renames and deletes (children of a deleted parent included)', async () => {
    const storage = new MemoryStorageBackend();
    const names = async () => (await storage.getAllSegments()).map((s) => `${s.name}:${s.parentSegmentId ?? '-'}`);
    const parent = await storage.createSegment({ name: 'm-parent' });
    const child = await storage.createSegment({ name: 'b-child', parentSegmentId: parent.id });
    expect(await names()).toEqual([`b-child:${parent.id}`, 'm-parent:-']);
    await storage.updateSegment({ ...child, name: 'z-child' });
    expect(await names()).toEqual(['m-parent:-', `z-child:${parent.id}`]);
    await storage.createSegment({ name: 'a-first' });
    await storage.deleteSegment(parent.id);
    expect(await names()).toEqual(['a-first:-', 'z-child:-']);
  });
});
