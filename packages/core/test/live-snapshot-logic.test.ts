import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../src/live/changes.js';
import { EntityOverrides, entityKey } from '../src/live/entity-overrides.js';
import { changedSegments, flagsUsingSegments } from '../src/live/segment-users.js';
import type { FlagOverride, OverrideEntity } from '../src/models/index.js';
import { createOverride } from '../src/validation/index.js';
import { makeFlag, makeSegment } from './support/flags.js';

const inSeg = (ref: string) => ({ attribute: 'segment', operator: 'in_segment' as const, value: ref });
const ruleOn = (ref: string) => [{ name: 'r', priority: 1, conditions: [inSeg(ref)], serveEnabled: true }];

describe('planChanges', () => {
  it('refetches flags by key (time schedules through their flag), segments once, evicts override entities', () => {
    const plan = planChanges(
      [
        { revision: 1, kind: 'flag', id: 'f1', op: 'upsert', flagKey: 'a' },
        { revision: 2, kind: 'time-schedule', id: 't1', op: 'delete', flagKey: 'b' },
        { revision: 3, kind: 'segment', id: 's1', op: 'upsert' },
        { revision: 4, kind: 'segment', id: 's2', op: 'delete' },
        {
          revision: 5,
          kind: 'override',
          id: 'o1',
          op: 'upsert',
          flagKey: 'a',
          entity: { entityType: 'user', entityId: 'u' },
        },
        { revision: 6, kind: 'scheduled-change', id: 'c1', op: 'upsert', flagKey: 'c' },
        { revision: 7, kind: 'rollout-phase', id: 'p1', op: 'upsert', flagKey: 'd' },
      ],
      () => undefined,
    );
    expect([...plan.flagKeys]).toStrictEqual(['a', 'b']);
    expect(plan.segments).toBe(true);
    expect([...plan.entities.keys()]).toStrictEqual([entityKey('user', 'u')]);
    expect(plan.reload).toBe(false);
  });

  it('finds a flag key by id when the change lacks it, and reloads when a change cannot be placed', () => {
    const known = planChanges([{ revision: 1, kind: 'flag', id: 'f1', op: 'upsert' }], (id) =>
      id === 'f1' ? 'a' : undefined,
    );
    expect([...known.flagKeys]).toStrictEqual(['a']);
    expect(planChanges([{ revision: 1, kind: 'flag', id: 'zz', op: 'upsert' }], () => undefined).reload).toBe(true);
    expect(planChanges([{ revision: 1, kind: 'override', id: 'o', op: 'delete' }], () => undefined).reload).toBe(true);
    // A delete of a flag never held changes nothing.
    expect(planChanges([{ revision: 1, kind: 'flag', id: 'zz', op: 'delete' }], () => undefined).reload).toBe(false);
  });
});

describe('flagsUsingSegments', () => {
  const pro = makeSegment({ name: 'pro', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] });
  const child = makeSegment({ name: 'pro-de', parentSegmentId: pro.id, conditions: [] });
  const viaRef = makeSegment({ name: 'uses-child', conditions: [inSeg(child.name)] });
  const other = makeSegment({ name: 'other', conditions: [] });
  const all = [pro, child, viaRef, other];

  it('names flags using a changed segment by name or id, through children and segment references', () => {
    const byName = makeFlag({ rules: ruleOn('pro') });
    const byId = makeFlag({ rules: ruleOn(pro.id) });
    const byChild = makeFlag({ rules: ruleOn('pro-de') });
    const byRef = makeFlag({ rules: ruleOn(viaRef.id) });
    const unrelated = makeFlag({ rules: ruleOn('other') });
    const plain = makeFlag();
    const keys = flagsUsingSegments([pro], all, [byName, byId, byChild, byRef, unrelated, plain]);
    expect(keys.sort()).toStrictEqual([byName.key, byId.key, byChild.key, byRef.key].sort());
    expect(flagsUsingSegments([], all, [byName])).toStrictEqual([]);
  });

  it('changedSegments: added, removed, new versions, and the old name of a renamed segment', () => {
    const renamed = { ...pro, name: 'pro-2', version: 2, updatedAt: new Date(pro.updatedAt.getTime() + 1) };
    const added = makeSegment({ name: 'added', conditions: [] });
    const changed = changedSegments([pro, child, other], [renamed, child, added]);
    expect(changed.map((s) => s.name).sort()).toStrictEqual(['added', 'other', 'pro', 'pro-2']);
  });
});

function overrideOf(entity: OverrideEntity, flagId = 'f'): FlagOverride {
  return createOverride({ flagId, ...entity, enabled: true });
}

describe('EntityOverrides', () => {
  const ann = { entityType: 'user', entityId: 'ann' } as const;
  const bob = { entityType: 'user', entityId: 'bob' } as const;

  it('reads only uncached entities, one call for all of them, and joins a read in flight', async () => {
    const cache = new EntityOverrides(10);
    const calls: OverrideEntity[][] = [];
    const read = async (entities: readonly OverrideEntity[]) => {
      calls.push([...entities]);
      return entities.filter((e) => e.entityId === 'ann').map((e) => overrideOf(e));
    };
    const [first, second] = await Promise.all([cache.load([ann, bob], read), cache.load([ann], read)]);
    expect(calls).toStrictEqual([[ann, bob]]);
    expect(first.get(entityKey('user', 'ann'))).toHaveLength(1);
    expect(first.get(entityKey('user', 'bob'))).toStrictEqual([]);
    expect(second.get(entityKey('user', 'ann'))).toHaveLength(1);
    await cache.load([ann, bob], read);
    expect(calls).toHaveLength(1);
  });

  it('does not cache a read that a change to the entity overtook', async () => {
    const cache = new EntityOverrides(10);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = cache.load([ann], async (entities) => {
      await gate;
      return entities.map((e) => overrideOf(e));
    });
    cache.evict('user', 'ann');
    release();
    expect((await pending).get(entityKey('user', 'ann'))).toHaveLength(1);
    expect(cache.cached('user', 'ann')).toBeUndefined();
  });

  it('holds at most its size, and a failed read caches nothing (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(20), { maxLength: 60 }), async (size, ids) => {
        const cache = new EntityOverrides(size);
        for (const id of ids) {
          await cache.load([{ entityType: 'user', entityId: `u${id}` }], async () => []);
          expect(cache.size).toBeLessThanOrEqual(size);
        }
        const failing = cache.load([{ entityType: 'user', entityId: 'boom' }], async () => {
          throw new Error('down');
        });
        await expect(failing).rejects.toThrow('down');
        expect(cache.cached('user', 'boom')).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });
});
