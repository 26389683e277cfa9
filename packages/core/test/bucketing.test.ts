import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFlag, isInRollout, rolloutBucket, variantBucket } from '../src/evaluation/index.js';
import type { FeatureFlag } from '../src/models/index.js';
import { murmur3 } from '../src/util/index.js';
import { makeFlag } from './support/flags.js';

// Fixed seeds for the statistical properties: they assert a distribution, so a run must be reproducible.
const SEED = 20240601;

/** Serving rule: everyone who has a targeting key within `percentage`. */
const rolloutFlag = (key: string, percentage: number) =>
  makeFlag({ key, rules: [{ name: 'rollout', rolloutPercentage: percentage, serveEnabled: true }] });
const inRollout = (flag: FeatureFlag, targetingKey?: string) =>
  evaluateFlag(flag, { targetingKey }, { type: 'boolean', defaultValue: false }).reason === 'TARGETING_MATCH';

describe('bucketing vectors (DESIGN §4, litestar-flags compatible)', () => {
  it.each([
    ['new_checkout', 'user-123', 2880407401, 2],
    ['new_checkout', 'user-456', 3717942900, 1],
    ['feature-x', 'user-1', 2229360780, 81],
    ['beta', 'alice', 970343495, 96],
    ['beta', 'bob', 714817784, 85],
  ])('%s:%s hashes to %i, rollout bucket %i', (flagKey, targetingKey, hash, bucket) => {
    expect(murmur3(`${flagKey}:${targetingKey}`)).toBe(hash);
    expect(rolloutBucket(flagKey, targetingKey)).toBe(bucket);
    // A rollout of exactly the bucket holds the key; one point less does not.
    expect(inRollout(rolloutFlag(flagKey, bucket), targetingKey)).toBe(true);
    expect(inRollout(rolloutFlag(flagKey, bucket - 1), targetingKey)).toBe(false);
  });

  it.each([
    ['ab_test', 'user-123', 9],
    ['ab_test', 'user-456', 97],
    ['ab_test', undefined, 12],
    ['checkout_test', 'user-1', 71],
  ])('variant bucket of %s for %s is %i', (flagKey, targetingKey, bucket) => {
    expect(variantBucket(flagKey, targetingKey)).toBe(bucket);
  });

  it('variants are taken by key order, the first whose running weight exceeds the bucket', () => {
    // Listed out of order: sorted by key they are a [0,10), b [10,20), c [20,100).
    const flag = makeFlag({
      key: 'ab_test',
      variants: [
        { key: 'c', weight: 80, value: { enabled: true } },
        { key: 'b', weight: 10 },
        { key: 'a', weight: 10, value: { enabled: true } },
      ],
    });
    const variantOf = (targetingKey?: string) =>
      evaluateFlag(flag, { targetingKey }, { type: 'boolean', defaultValue: false });
    expect(variantOf('user-123')).toMatchObject({ reason: 'SPLIT', variant: 'a', value: true }); // bucket 9
    expect(variantOf(undefined)).toMatchObject({ reason: 'SPLIT', variant: 'b', value: false }); // bucket 12
    expect(variantOf('user-456')).toMatchObject({ reason: 'SPLIT', variant: 'c', value: true }); // bucket 97
  });

  it('no targeting key is never in a rollout; 0 holds nobody and 100 everyone with a key', () => {
    expect(isInRollout('beta', undefined, 100)).toBe(false);
    expect(inRollout(rolloutFlag('beta', 100))).toBe(false);
    expect(inRollout(rolloutFlag('beta', 100), 'alice')).toBe(true);
    expect(inRollout(rolloutFlag('beta', 0), 'alice')).toBe(false);
  });
});

describe('bucketing properties', () => {
  it('raising a rollout percentage only ever adds users', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (flagKey, targetingKey, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          if (isInRollout(flagKey, targetingKey, low)) expect(isInRollout(flagKey, targetingKey, high)).toBe(true);
        },
      ),
    );
    // The same through the engine, on one flag key, with real flags at both percentages.
    const key = 'monotonic';
    const flags = Array.from({ length: 101 }, (_, p) => rolloutFlag(key, p));
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 99 }), (targetingKey, low) => {
        if (inRollout(flags[low]!, targetingKey)) expect(inRollout(flags[low + 1]!, targetingKey)).toBe(true);
      }),
    );
  });

  it('100,000 random keys at 25% land within 25 ± 0.5%', () => {
    const keys = fc.sample(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), {
      numRuns: 100_000,
      seed: SEED,
    });
    const flag = rolloutFlag('share-check', 25);
    let inside = 0;
    for (const targetingKey of keys) if (inRollout(flag, targetingKey)) inside++;
    expect(Math.abs((inside / keys.length) * 100 - 25)).toBeLessThanOrEqual(0.5);
  });

  it('variant shares match their weights within ±0.5 points', () => {
    const keys = fc.sample(fc.uuid(), { numRuns: 100_000, seed: SEED });
    const weightSets = fc.sample(
      fc
        .array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 5 })
        .filter((w) => w.reduce((a, b) => a + b, 0) < 100)
        .map((w) => [...w, 100 - w.reduce((a, b) => a + b, 0)]),
      { numRuns: 4, seed: SEED },
    );
    for (const weights of weightSets) {
      const flag = makeFlag({
        flagType: 'json',
        defaultValue: null,
        variants: weights.map((weight, i) => ({ key: `v${i}`, weight, value: { i } })),
      });
      const counts = new Map<string, number>();
      for (const targetingKey of keys) {
        const { variant } = evaluateFlag(flag, { targetingKey }, { type: 'json', defaultValue: null });
        counts.set(variant!, (counts.get(variant!) ?? 0) + 1);
      }
      weights.forEach((weight, i) => {
        const share = ((counts.get(`v${i}`) ?? 0) / keys.length) * 100;
        expect(Math.abs(share - weight), `variant v${i} of ${weights.join('/')}`).toBeLessThanOrEqual(0.5);
      });
    }
  });

  it('results are identical across repeated calls and across copies of the flag', () => {
    const flag = makeFlag({
      flagType: 'string',
      defaultValue: 'none',
      rules: [{ name: 'half', rolloutPercentage: 50, serveValue: 'rolled' }],
      variants: [
        { key: 'x', weight: 30, value: { value: 'x' } },
        { key: 'y', weight: 70, value: { value: 'y' } },
      ],
    });
    const copy = structuredClone(flag);
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), (targetingKey) => {
        const first = evaluateFlag(flag, { targetingKey }, { type: 'string', defaultValue: '' });
        expect(evaluateFlag(flag, { targetingKey }, { type: 'string', defaultValue: '' })).toEqual(first);
        expect(evaluateFlag(copy, { targetingKey }, { type: 'string', defaultValue: '' })).toEqual(first);
      }),
    );
  });
});
