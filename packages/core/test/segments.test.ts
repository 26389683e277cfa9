import { describe, expect, it } from 'vitest';
import { EvaluationCache, evaluateFlag, SegmentIndex } from '../src/evaluation/index.js';
import type { EvaluationContext, Segment } from '../src/models/index.js';
import { holds, makeFlag, makeSegment } from './support/flags.js';

const pro = makeSegment({ name: 'pro', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] });
const proInGermany = makeSegment({
  name: 'pro-de',
  parentSegmentId: pro.id,
  conditions: [{ attribute: 'country', operator: 'eq', value: 'DE' }],
});
const proInGermanyBeta = makeSegment({
  name: 'pro-de-beta',
  parentSegmentId: proInGermany.id,
  conditions: [{ attribute: 'beta', operator: 'eq', value: true }],
});
const off = makeSegment({ name: 'off', enabled: false });
const all = [pro, proInGermany, proInGermanyBeta, off];

const user = (plan: string, country?: string, beta?: boolean): EvaluationContext => ({
  country,
  attributes: { plan, beta },
});
const inSeg = (ref: string) => ({ attribute: 'segment', operator: 'in_segment' as const, value: ref });
const notInSeg = (ref: string) => ({ attribute: 'segment', operator: 'not_in_segment' as const, value: ref });

describe('segment conditions', () => {
  it('find a segment by name or by id', () => {
    expect(holds(inSeg('pro'), user('pro'), all)).toBe(true);
    expect(holds(inSeg(pro.id), user('pro'), all)).toBe(true);
    expect(holds(inSeg('pro'), user('free'), all)).toBe(false);
    expect(holds(notInSeg('pro'), user('free'), all)).toBe(true);
    expect(holds(notInSeg(pro.id), user('pro'), all)).toBe(false);
  });

  it('a child matches only when its parents match too, recursively', () => {
    expect(holds(inSeg('pro-de'), user('pro', 'DE'), all)).toBe(true);
    expect(holds(inSeg('pro-de'), user('free', 'DE'), all)).toBe(false);
    expect(holds(inSeg('pro-de-beta'), user('pro', 'DE', true), all)).toBe(true);
    expect(holds(inSeg('pro-de-beta'), user('free', 'DE', true), all)).toBe(false);
    expect(holds(inSeg('pro-de-beta'), user('pro', 'FR', true), all)).toBe(false);
    expect(holds(notInSeg('pro-de-beta'), user('free', 'DE', true), all)).toBe(true);
  });

  it('a disabled segment, a disabled parent, an unknown segment or a dangling parent holds nobody', () => {
    expect(holds(inSeg('off'), user('pro'), all)).toBe(false);
    expect(holds(notInSeg('off'), user('pro'), all)).toBe(true);
    const disabledParent = [{ ...pro, enabled: false, version: 2 }, proInGermany];
    expect(holds(inSeg('pro-de'), user('pro', 'DE'), disabledParent)).toBe(false);
    expect(holds(inSeg('nope'), user('pro'), all)).toBe(false);
    expect(holds(notInSeg('nope'), user('pro'), all)).toBe(true);
    expect(holds(inSeg('pro-de'), user('pro', 'DE'), [proInGermany])).toBe(false);
    expect(holds(inSeg('pro'), user('pro'), [])).toBe(false);
  });

  it('a segment can test membership of another segment', () => {
    const notPro = makeSegment({ name: 'not-pro', conditions: [notInSeg('pro')] });
    expect(holds(inSeg('not-pro'), user('free'), [pro, notPro])).toBe(true);
    expect(holds(inSeg('not-pro'), user('pro'), [pro, notPro])).toBe(false);
  });
});

describe('segment cycles never match and never hang', () => {
  const ring = (size: number): Segment[] => {
    const ids = Array.from({ length: size }, (_, i) => `ring-${size}-${i}`);
    return ids.map((id, i) => makeSegment({ id, name: id, parentSegmentId: ids[(i + 1) % size]!, conditions: [] }));
  };

  it('a parent cycle matches nobody, whatever the operator', () => {
    for (const size of [2, 3, 50]) {
      const segments = ring(size);
      expect(holds(inSeg(segments[0]!.name), {}, segments)).toBe(false);
      expect(holds(notInSeg(segments[0]!.name), {}, segments)).toBe(false);
    }
  });

  it('a segment leading into a cycle is broken too; one outside it is not', () => {
    const segments = ring(3);
    const leading = makeSegment({ name: 'leading', parentSegmentId: segments[0]!.id });
    const outside = makeSegment({ name: 'outside' });
    const index = new SegmentIndex([...segments, leading, outside]);
    expect(holds(inSeg('leading'), {}, [...segments, leading, outside])).toBe(false);
    expect(holds(notInSeg('leading'), {}, [...segments, leading, outside])).toBe(false);
    expect(index.membership('outside', {})).toBe(1);
  });

  it('a cycle through segment conditions never matches either', () => {
    const a = makeSegment({ id: 'seg-a', name: 'a', conditions: [inSeg('b')] });
    const b = makeSegment({ id: 'seg-b', name: 'b', conditions: [notInSeg('seg-a')] });
    expect(holds(inSeg('a'), {}, [a, b])).toBe(false);
    expect(holds(notInSeg('a'), {}, [a, b])).toBe(false);
    expect(holds(notInSeg('b'), {}, [a, b])).toBe(false);
  });

  it('a self-reference stored by another writer is broken, not infinite', () => {
    const self = { ...makeSegment({ id: 'self', name: 'self' }), parentSegmentId: 'self' };
    expect(holds(inSeg('self'), {}, [self])).toBe(false);
    expect(holds(notInSeg('self'), {}, [self])).toBe(false);
  });

  it('a long chain (deeper than any stack) resolves without overflowing', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `chain-${i}`);
    const chain = ids.map((id, i) => makeSegment({ id, name: id, parentSegmentId: ids[i + 1] ?? null }));
    const index = new SegmentIndex(chain);
    expect(index.size).toBe(20_000);
    expect(index.membership('chain-0', {})).toBe(1);
    expect(index.membership('chain-19999', {})).toBe(1);
    // Closing the chain into a ring breaks every segment of it.
    const ring = [...chain.slice(0, -1), { ...chain[chain.length - 1]!, parentSegmentId: 'chain-0', version: 2 }];
    expect(new SegmentIndex(ring).membership('chain-0', {})).toBe(-1);
  });
});

describe('segments in flags', () => {
  it('a flag whose rule uses a segment gets TARGETING_MATCH only for members', () => {
    const flag = makeFlag({ rules: [{ name: 'pro users', conditions: [inSeg('pro')] }] });
    const proUser = evaluateFlag(flag, user('pro'), { type: 'boolean', defaultValue: false, segments: all });
    expect(proUser).toMatchObject({ value: true, reason: 'TARGETING_MATCH', variant: 'pro users' });
    const freeUser = evaluateFlag(flag, user('free'), { type: 'boolean', defaultValue: false, segments: all });
    expect(freeUser).toMatchObject({ value: false, reason: 'DEFAULT' });
  });

  it('an index built once serves many evaluations, and an updated segment version is recompiled', () => {
    const flag = makeFlag({ rules: [{ name: 'pro', conditions: [inSeg('pro')] }] });
    const index = SegmentIndex.of(all);
    expect(SegmentIndex.of(all)).toBe(index);
    expect(evaluateFlag(flag, user('pro'), { type: 'boolean', defaultValue: false, segments: index }).value).toBe(true);
    const renamedPlan = {
      ...pro,
      version: pro.version + 1,
      updatedAt: new Date(pro.updatedAt.getTime() + 1),
      conditions: [{ attribute: 'plan', operator: 'eq' as const, value: 'enterprise' }],
    };
    const next = [renamedPlan];
    expect(evaluateFlag(flag, user('pro'), { type: 'boolean', defaultValue: false, segments: next }).value).toBe(false);
    expect(evaluateFlag(flag, user('enterprise'), { type: 'boolean', defaultValue: false, segments: next }).value).toBe(
      true,
    );
  });

  it('an EvaluationCache reuses the index for an array of copies of the same stored segments (a backend reads new copies each time)', () => {
    const copies = () => all.map((segment) => structuredClone(segment));
    const cache = new EvaluationCache();
    const index = cache.segmentIndex(copies());
    expect(cache.segmentIndex(copies())).toBe(index);
    // Without a cache only the same array is reused: copies are other segments as far as it knows.
    expect(SegmentIndex.of(copies())).not.toBe(SegmentIndex.of(copies()));
    // Another version, another name or another parent is another set of segments.
    const bumped = copies().map((s) => (s.id === off.id ? { ...s, version: s.version + 1 } : s));
    expect(cache.segmentIndex(bumped)).not.toBe(index);
    const renamed = copies().map((s) => (s.id === pro.id ? { ...s, name: 'pro-2' } : s));
    expect(cache.segmentIndex(renamed).membership('pro-2', user('pro'))).toBe(1);
    expect(cache.segmentIndex(copies().slice(1))).not.toBe(cache.segmentIndex(copies()));
  });

  it('a child whose parent was deleted (parent nulled, same version) stands on its own conditions', () => {
    const flag = makeFlag({ rules: [{ name: 'de', conditions: [inSeg('pro-de')] }] });
    const germanFreeUser = user('free', 'DE');
    const before = [pro, proInGermany].map((segment) => structuredClone(segment));
    expect(evaluateFlag(flag, germanFreeUser, { type: 'boolean', defaultValue: false, segments: before }).value).toBe(
      false,
    );
    // What a backend stores after deleting `pro`: the child keeps its version and updatedAt (ON DELETE SET NULL).
    const after = [{ ...structuredClone(proInGermany), parentSegmentId: null }];
    expect(evaluateFlag(flag, germanFreeUser, { type: 'boolean', defaultValue: false, segments: after }).value).toBe(
      true,
    );
  });
});
