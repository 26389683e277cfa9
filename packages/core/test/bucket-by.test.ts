import { describe, expect, it } from 'vitest';
import { evaluateFlag, explainFlag, isInRollout, variantBucket } from '../src/evaluation/index.js';
import { makeFlag } from './support/flags.js';

const run = (flag: ReturnType<typeof makeFlag>, context: object) =>
  evaluateFlag(flag, context, { type: null, defaultValue: null });

describe('bucketBy: which context value places a context in a rollout or a variant', () => {
  it('without bucketBy: targetingKey (today’s buckets), else userId', () => {
    const flag = makeFlag({ key: 'bb-default', rules: [{ name: 'half', rolloutPercentage: 50 }] });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const inside = isInRollout('bb-default', id, 50);
      expect(run(flag, { targetingKey: id }).value).toBe(inside);
      // userId buckets exactly as the same targeting key would, and targetingKey wins over it.
      expect(run(flag, { userId: id }).value).toBe(inside);
      expect(run(flag, { targetingKey: id, userId: 'zzz' }).value).toBe(inside);
    }
  });

  it('the storage README sample context { userId } now reaches about half of users in a 50 % rollout', () => {
    const flag = makeFlag({ key: 'bb-half', rules: [{ rolloutPercentage: 50 }] });
    let on = 0;
    for (let i = 0; i < 1000; i++) if (run(flag, { userId: `user-${i}` }).value === true) on++;
    expect(on).toBeGreaterThan(400);
    expect(on).toBeLessThan(600);
  });

  it('a rule’s bucketBy reads that field or attribute; numbers bucket as their text', () => {
    const flag = makeFlag({ key: 'bb-org', rules: [{ name: 'orgs', rolloutPercentage: 30, bucketBy: 'company' }] });
    for (const company of ['acme', 'globex', 'initech', 'umbrella', 'hooli']) {
      expect(run(flag, { targetingKey: 'same', attributes: { company } }).value).toBe(
        isInRollout('bb-org', company, 30),
      );
    }
    expect(run(flag, { attributes: { company: 42 } }).value).toBe(isInRollout('bb-org', '42', 30));
    const byOrg = makeFlag({ key: 'bb-orgid', rules: [{ rolloutPercentage: 100, bucketBy: 'organizationId' }] });
    expect(run(byOrg, { organizationId: 'o1' }).value).toBe(true);
  });

  it('a context without a bucketing value is never in a partial rollout, and errorMessage says why', () => {
    const flag = makeFlag({ key: 'bb-none', rules: [{ name: 'half', rolloutPercentage: 100, bucketBy: 'company' }] });
    const details = run(flag, { targetingKey: 'u1' });
    expect(details).toMatchObject({ value: false, reason: 'DEFAULT', errorCode: undefined });
    expect(details.errorMessage).toContain('rule "half"');
    expect(details.errorMessage).toContain('company');
    const keyless = run(makeFlag({ key: 'bb-nokey', rules: [{ rolloutPercentage: 50 }] }), {});
    expect(keyless.errorMessage).toContain('targetingKey, else userId');
    // A served value has no such note.
    expect(run(flag, { attributes: { company: 'acme' } }).errorMessage).toBeUndefined();
  });

  it('the variant split buckets on the flag’s bucketBy; without a value it hashes "" as before and says so', () => {
    const variants = [
      { key: 'a', value: { enabled: true }, weight: 50 },
      { key: 'b', value: { enabled: false }, weight: 50 },
    ];
    const flag = makeFlag({ key: 'bb-split', variants, bucketBy: 'tenantId' });
    const plain = makeFlag({ key: 'bb-split', variants });
    for (const tenantId of ['t1', 't2', 't3', 't4']) {
      const expected = run(plain, { targetingKey: tenantId }).variant;
      expect(run(flag, { targetingKey: 'x', tenantId }).variant).toBe(expected);
      expect(variantBucket('bb-split', tenantId)).toBe(
        explainFlag(flag, { tenantId }, { defaultValue: null }).variant?.bucket,
      );
    }
    const none = run(flag, { targetingKey: 'x' });
    expect(none.reason).toBe('SPLIT');
    expect(none.variant).toBe(run(plain, {}).variant);
    expect(none.errorMessage).toContain('the variant split buckets by tenantId');
  });

  it('explainFlag shows what each rollout buckets by and the value it read', () => {
    const flag = makeFlag({ key: 'bb-explain', rules: [{ rolloutPercentage: 100, bucketBy: 'plan' }] });
    const explanation = explainFlag(flag, { attributes: { plan: 'pro' } }, { defaultValue: null });
    expect(explanation.rules[0]?.rollout).toMatchObject({ bucketBy: 'plan', bucketValue: 'pro', inRollout: true });
    const missing = explainFlag(flag, {}, { defaultValue: null });
    expect(missing.rules[0]?.rollout).toMatchObject({
      bucketBy: 'plan',
      bucketValue: null,
      bucket: null,
      inRollout: false,
    });
  });
});

describe('defaultVariant', () => {
  it('is reported when the default value is served (DEFAULT and STATIC), not for other reasons', () => {
    const flag = makeFlag({
      key: 'dv',
      flagType: 'string',
      defaultValue: 'blue',
      defaultVariant: 'control',
      rules: [
        { name: 'nl', conditions: [{ attribute: 'country', operator: 'eq', value: 'NL' }], serveValue: 'orange' },
      ],
    });
    expect(run(flag, {})).toMatchObject({ value: 'blue', reason: 'DEFAULT', variant: 'control' });
    expect(run(flag, { country: 'NL' })).toMatchObject({ value: 'orange', variant: 'nl' });
    expect(run(makeFlag({ key: 'dv2', defaultEnabled: true, defaultVariant: 'on' }), {})).toMatchObject({
      reason: 'STATIC',
      variant: 'on',
    });
    expect(run(makeFlag({ key: 'dv3', status: 'inactive', defaultVariant: 'on' }), {}).variant).toBeUndefined();
    expect(run(makeFlag({ key: 'dv4' }), {}).variant).toBeUndefined();
  });
});
