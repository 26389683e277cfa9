import { ConflictError, NotFoundError } from '@flags/core';
import { beforeAll, expect, it } from 'vitest';
import { onEveryDialect } from './support/dialects.js';

// One clock for every backend of this file, moved by hand to expire overrides.
let now = Date.UTC(2030, 0, 1);
const clock = () => new Date(now);

onEveryDialect(
  'semantics',
  (backend) => {
    let flagId = '';
    beforeAll(async () => {
      flagId = (await backend().createFlag({ key: 'semantics' })).id;
    });

    it('an upsert carrying another entity’s id never touches that entity’s override', async () => {
      const alice = await backend().upsertOverride({ flagId, entityType: 'user', entityId: 'alice', enabled: true });
      // bob has no override yet: the id is taken by alice's, so it is a conflict and nothing is written.
      await expect(backend().upsertOverride({ ...alice, entityId: 'bob', enabled: false })).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(await backend().getOverride(flagId, 'user', 'bob')).toBeNull();
      expect(await backend().getOverride(flagId, 'user', 'alice')).toStrictEqual(alice);

      // bob has an override: it is replaced in place (keeping its own id), alice's stays as it was.
      const bob = await backend().upsertOverride({ flagId, entityType: 'user', entityId: 'bob', enabled: true });
      const replaced = await backend().upsertOverride({ ...alice, entityId: 'bob', enabled: false });
      expect(replaced).toMatchObject({ id: bob.id, entityId: 'bob', enabled: false, createdAt: bob.createdAt });
      expect(await backend().getOverride(flagId, 'user', 'alice')).toStrictEqual(alice);
    });

    it('an expired override counts as absent: deleting it gives false, an upsert starts a new one', async () => {
      const expiring = await backend().upsertOverride({
        flagId,
        entityType: 'user',
        entityId: 'carol',
        enabled: true,
        expiresAt: new Date(now + 1_000),
      });
      now += 2_000;
      expect(await backend().deleteOverride(flagId, 'user', 'carol')).toBe(false);

      await backend().upsertOverride({ ...expiring, expiresAt: new Date(now + 1_000) });
      now += 2_000;
      const fresh = await backend().upsertOverride({ flagId, entityType: 'user', entityId: 'carol', enabled: false });
      expect(fresh.id).not.toBe(expiring.id);
      expect(fresh.createdAt.getTime()).toBe(now);
      expect(await backend().deleteOverride(flagId, 'user', 'carol')).toBe(true);
    });

    it('updateFlag without an id is NotFoundError, and changes nothing', async () => {
      const flag = await backend().createFlag({ key: 'no-id' });
      const { id: _id, ...withoutId } = flag;
      await expect(backend().updateFlag({ ...withoutId, name: 'renamed' })).rejects.toBeInstanceOf(NotFoundError);
      expect(await backend().getFlag('no-id')).toStrictEqual(flag);
    });

    it('JSON values and metadata round-trip byte-identical (object key order kept)', async () => {
      const value = { zeta: 1, alpha: { b: 2, a: [3, { y: null, x: 'é' }] }, mid: 1.5, '10': true, '9': false };
      const flag = await backend().createFlag({
        key: 'json-order',
        flagType: 'json',
        defaultValue: value,
        metadata: value,
        rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value }], serveValue: value }],
        variants: [{ key: 'v', value, weight: 100 }],
      });
      const read = await backend().getFlag('json-order');
      const text = JSON.stringify(value);
      expect(JSON.stringify(read?.defaultValue)).toBe(text);
      expect(JSON.stringify(read?.metadata)).toBe(text);
      expect(JSON.stringify(read?.rules[0]?.conditions[0]?.value)).toBe(text);
      expect(JSON.stringify(read?.rules[0]?.serveValue)).toBe(text);
      expect(JSON.stringify(read?.variants[0]?.value)).toBe(text);
      const override = await backend().upsertOverride({
        flagId: flag.id,
        entityType: 'user',
        entityId: 'j',
        enabled: true,
        value,
      });
      expect(JSON.stringify((await backend().getOverride(flag.id, 'user', 'j'))?.value)).toBe(text);
      expect(JSON.stringify(override.value)).toBe(text);
      const segment = await backend().createSegment({
        name: 'json-order',
        conditions: [{ attribute: 'a', operator: 'eq', value }],
      });
      expect(JSON.stringify((await backend().getSegment(segment.id))?.conditions[0]?.value)).toBe(text);
    });

    const unstorable = ['nul\u0000inside', 'lone\uD800', 'lone\uDFFF', 'x'.repeat(256), 'y'.repeat(5_000)];

    it('lookups of values no record can hold find nothing and never fail', async () => {
      const reader = backend();
      for (const value of unstorable) {
        expect(await reader.getFlag(value)).toBeNull();
        expect((await reader.getFlags([value, 'semantics'])).size).toBe(1);
        expect(await reader.getOverride(flagId, 'user', value)).toBeNull();
        expect(await reader.getOverride(flagId, value, 'alice')).toBeNull();
        expect(await reader.getOverride(value, 'user', 'alice')).toBeNull();
        expect(await reader.getOverrides(flagId, [{ entityType: 'user', entityId: value }])).toStrictEqual([]);
        expect(await reader.getOverrides(flagId, [{ entityType: value, entityId: 'alice' }])).toStrictEqual([]);
        expect(await reader.getOverrides(value, [{ entityType: 'user', entityId: 'alice' }])).toStrictEqual([]);
        expect(await reader.getOverridesForFlags([value], [{ entityType: 'user', entityId: 'alice' }])).toStrictEqual(
          [],
        );
        expect(await reader.listOverrides(value)).toStrictEqual([]);
        expect(await reader.getSegment(value)).toBeNull();
        expect(await reader.getSegmentByName(value)).toBeNull();
        expect(await reader.getChildSegments(value)).toStrictEqual([]);
        expect(await reader.getRolloutPhases(value)).toStrictEqual([]);
        expect(await reader.getScheduledChanges({ flagId: value })).toStrictEqual([]);
        expect(await reader.getTimeSchedules({ flagId: value })).toStrictEqual([]);
        expect(await reader.deleteFlag(value)).toBe(false);
        expect(await reader.deleteOverride(flagId, 'user', value)).toBe(false);
        expect(await reader.deleteSegment(value)).toBe(false);
        expect(await reader.deleteScheduledChange(value)).toBe(false);
        expect(await reader.deleteTimeSchedule(value)).toBe(false);
        expect(await reader.deleteRolloutPhase(value)).toBe(false);
      }
      // One storable entity among unstorable ones is still found.
      const alice = await reader.getOverride(flagId, 'user', 'alice');
      const entities = [
        ...unstorable.map((entityId) => ({ entityType: 'user', entityId })),
        { entityType: 'user', entityId: 'alice' },
      ];
      expect(await reader.getOverrides(flagId, entities)).toStrictEqual([alice]);
    });

    it('a lookup longer than a column never matches the record whose value is its prefix', async () => {
      const long = 'k'.repeat(255);
      const flag = await backend().createFlag({ key: long });
      await backend().upsertOverride({ flagId: flag.id, entityType: 'user', entityId: long, enabled: true });
      const longer = `${long}-someone-else`;
      expect(await backend().getFlag(longer)).toBeNull();
      expect((await backend().getFlags([longer])).size).toBe(0);
      expect(await backend().getOverride(flag.id, 'user', longer)).toBeNull();
      expect(await backend().getOverrides(flag.id, [{ entityType: 'user', entityId: longer }])).toStrictEqual([]);
      expect(await backend().getOverridesForFlags([flag.id], [{ entityType: 'user', entityId: longer }])).toStrictEqual(
        [],
      );
      expect(await backend().deleteOverride(flag.id, 'user', longer)).toBe(false);
      expect(await backend().getOverrides(flag.id, [{ entityType: 'user', entityId: long }])).toHaveLength(1);
    });
  },
  { clock },
);
