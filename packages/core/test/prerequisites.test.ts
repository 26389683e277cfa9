import { describe, expect, it } from 'vitest';
import { FeatureFlagClient } from '../src/client/index.js';
import { evaluateFlag, explainFlag } from '../src/evaluation/index.js';
import type { FeatureFlag, FeatureFlagInput } from '../src/models/index.js';
import { createOverride } from '../src/validation/index.js';
import { countingBackend } from './support/counting.js';
import { EvaluationStore } from './support/evaluation-store.js';
import { makeFlag } from './support/flags.js';

const lookupOf =
  (...flags: FeatureFlag[]) =>
  (key: string) =>
    flags.find((flag) => flag.key === key);

function evaluate(flag: FeatureFlag, ...others: FeatureFlag[]) {
  return evaluateFlag(
    flag,
    { targetingKey: 'u1' },
    { type: null, defaultValue: null, prerequisites: lookupOf(flag, ...others) },
  );
}

describe('prerequisites (evaluated right after the status check)', () => {
  it('a met prerequisite lets the flag evaluate as usual; a boolean one without a requirement must serve true', () => {
    const parent = makeFlag({ key: 'pq-parent', defaultEnabled: true });
    const child = makeFlag({ key: 'pq-child', defaultEnabled: true, prerequisites: [{ flagKey: 'pq-parent' }] });
    expect(evaluate(child, parent)).toMatchObject({ value: true, reason: 'STATIC', errorMessage: undefined });
    const off = makeFlag({ key: 'pq-parent', defaultEnabled: false });
    const details = evaluate(child, off);
    expect(details).toMatchObject({ value: false, reason: 'PREREQUISITE_FAILED' });
    expect(details.errorMessage).toContain('"pq-parent"');
    expect(details.errorMessage).toContain('not true');
  });

  it('a missing, disabled or erroring prerequisite fails, naming its key; no lookup fails too', () => {
    const child = makeFlag({
      key: 'pq-c2',
      flagType: 'string',
      defaultValue: 'on',
      prerequisites: [{ flagKey: 'pq-p2' }],
    });
    expect(evaluate(child).errorMessage).toContain('prerequisite "pq-p2" not found');
    expect(evaluateFlag(child, {}, { defaultValue: null })).toMatchObject({
      reason: 'PREREQUISITE_FAILED',
      value: 'on',
    });
    const disabled = makeFlag({ key: 'pq-p2', status: 'inactive', defaultEnabled: true });
    expect(evaluate(child, disabled)).toMatchObject({ reason: 'PREREQUISITE_FAILED', value: 'on' });
    expect(evaluate(child, disabled).errorMessage).toContain('is off (DISABLED)');
    const corrupt = { ...makeFlag({ key: 'pq-p2' }), flagType: 'nonsense' } as unknown as FeatureFlag;
    expect(evaluate(child, corrupt).errorMessage).toContain('could not be evaluated (PARSE_ERROR)');
  });

  it('requires the variant or the value when given (rule name, variant key, default variant)', () => {
    const parent = makeFlag({
      key: 'pq-p3',
      flagType: 'string',
      defaultValue: 'plain',
      defaultVariant: 'control',
      rules: [
        { name: 'beta', conditions: [{ attribute: 'country', operator: 'eq', value: 'NL' }], serveValue: 'beta' },
      ],
    });
    const byVariant = makeFlag({
      key: 'pq-v',
      prerequisites: [{ flagKey: 'pq-p3', variant: 'beta' }],
      defaultEnabled: true,
    });
    const byValue = makeFlag({
      key: 'pq-w',
      prerequisites: [{ flagKey: 'pq-p3', value: 'plain' }],
      defaultEnabled: true,
    });
    const byDefault = makeFlag({
      key: 'pq-d',
      prerequisites: [{ flagKey: 'pq-p3', variant: 'control' }],
      defaultEnabled: true,
    });
    const lookup = lookupOf(parent, byVariant, byValue, byDefault);
    const nl = { country: 'NL' };
    const run = (flag: FeatureFlag, context: object) =>
      evaluateFlag(flag, context, { defaultValue: null, prerequisites: lookup });
    expect(run(byVariant, nl)).toMatchObject({ value: true, reason: 'STATIC' });
    expect(run(byVariant, {})).toMatchObject({ value: false, reason: 'PREREQUISITE_FAILED' });
    expect(run(byVariant, {}).errorMessage).toContain('served variant "control", not "beta"');
    expect(run(byValue, {})).toMatchObject({ value: true });
    expect(run(byValue, nl).errorMessage).toContain('served "beta", not "plain"');
    expect(run(byDefault, {})).toMatchObject({ value: true });
  });

  it('nested prerequisites are followed; a cycle fails every flag on it without looping or throwing', () => {
    const a = makeFlag({ key: 'cy-a', defaultEnabled: true, prerequisites: [{ flagKey: 'cy-b' }] });
    const b = makeFlag({ key: 'cy-b', defaultEnabled: true, prerequisites: [{ flagKey: 'cy-c' }] });
    const c = makeFlag({ key: 'cy-c', defaultEnabled: true, prerequisites: [{ flagKey: 'cy-a' }] });
    for (const flag of [a, b, c]) {
      const details = evaluate(flag, a, b, c);
      expect(details.reason).toBe('PREREQUISITE_FAILED');
    }
    expect(evaluate(c, a, b, c).errorMessage).toContain('prerequisite "cy-a"');
    const chainEnd = makeFlag({ key: 'ch-3', defaultEnabled: true });
    const chainMid = makeFlag({ key: 'ch-2', defaultEnabled: true, prerequisites: [{ flagKey: 'ch-3' }] });
    const chainTop = makeFlag({ key: 'ch-1', defaultEnabled: true, prerequisites: [{ flagKey: 'ch-2' }] });
    expect(evaluate(chainTop, chainMid, chainEnd)).toMatchObject({ value: true });
    const endOff = makeFlag({ key: 'ch-3', defaultEnabled: true, status: 'archived' });
    expect(evaluate(chainTop, chainMid, endOff).errorMessage).toContain(
      'prerequisite "ch-2" is off (PREREQUISITE_FAILED)',
    );
  });

  it('comes before overrides: an override of the dependent does not bypass a failed prerequisite', () => {
    const child = makeFlag({ key: 'pq-o', prerequisites: [{ flagKey: 'pq-missing' }] });
    const override = createOverride({ flagId: child.id, entityType: 'user', entityId: 'u', enabled: true });
    const details = evaluateFlag(child, { userId: 'u' }, { defaultValue: null, overrides: [override] });
    expect(details.reason).toBe('PREREQUISITE_FAILED');
  });

  it('writes refuse a flag that is its own prerequisite, and duplicates', () => {
    expect(() => makeFlag({ key: 'self', prerequisites: [{ flagKey: 'self' }] })).toThrow(
      'prerequisites[0].flagKey: a flag cannot be its own prerequisite',
    );
    expect(() => makeFlag({ key: 'dup', prerequisites: [{ flagKey: 'x' }, { flagKey: 'x' }] })).toThrow(
      'prerequisites[1].flagKey: duplicate prerequisite flag',
    );
    expect(() => makeFlag({ key: 'bad', prerequisites: [{ flagKey: '1x' }] })).toThrow(
      'prerequisites[0].flagKey: must match',
    );
  });

  it('explainFlag lists each prerequisite with what it served and whether it was met', () => {
    const parent = makeFlag({ key: 'ex-p', defaultEnabled: false });
    const child = makeFlag({
      key: 'ex-c',
      defaultEnabled: true,
      prerequisites: [{ flagKey: 'ex-p' }, { flagKey: 'ex-gone' }],
    });
    const explanation = explainFlag(child, {}, { defaultValue: null, prerequisites: lookupOf(parent) });
    expect(explanation.decidedBy).toBe('prerequisite');
    expect(explanation.prerequisites).toMatchObject([
      { flagKey: 'ex-p', met: false, served: { value: false, reason: 'STATIC' } },
      { flagKey: 'ex-gone', met: false, served: null, problem: 'prerequisite "ex-gone" not found' },
    ]);
  });
});

describe('the client reads prerequisite flags in bulk', () => {
  async function storeWith(inputs: FeatureFlagInput[]) {
    const store = new EvaluationStore();
    for (const input of inputs) await store.createFlag(input);
    const counted = countingBackend(store);
    return { counted, client: new FeatureFlagClient({ storage: counted.backend }) };
  }

  it('one getFlags per level of nesting, never one read per prerequisite, and one override read for all', async () => {
    const { counted, client } = await storeWith([
      { key: 'top', defaultEnabled: true, prerequisites: [{ flagKey: 'l1a' }, { flagKey: 'l1b' }, { flagKey: 'l1c' }] },
      { key: 'l1a', defaultEnabled: true, prerequisites: [{ flagKey: 'l2' }] },
      { key: 'l1b', defaultEnabled: true, prerequisites: [{ flagKey: 'l2' }] },
      { key: 'l1c', defaultEnabled: true },
      {
        key: 'l2',
        defaultEnabled: false,
        rules: [{ conditions: [{ attribute: 'country', operator: 'eq', value: 'NL' }] }],
      },
    ]);
    expect(await client.getBooleanDetails('top', false, { userId: 'u', country: 'NL' })).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
    expect(counted.calls).toEqual({ getFlag: 1, getFlags: 2, getOverridesForFlags: 1 });
    counted.reset();
    expect(await client.getBooleanDetails('top', false, { country: 'SE' })).toMatchObject({
      value: false,
      reason: 'PREREQUISITE_FAILED',
    });
    expect(counted.calls).toEqual({ getFlag: 1, getFlags: 2 });
  });

  it('an override of a prerequisite flag counts, and bulk evaluation reads prerequisites outside the asked keys', async () => {
    const { counted, client } = await storeWith([
      { key: 'b-top', defaultEnabled: true, prerequisites: [{ flagKey: 'b-gate' }] },
      { key: 'b-gate', defaultEnabled: false },
    ]);
    const gate = (await counted.backend.getFlag('b-gate'))!;
    await counted.backend.upsertOverride({ flagId: gate.id, entityType: 'user', entityId: 'vip', enabled: true });
    counted.reset();
    const results = await client.getFlags(['b-top'], { userId: 'vip' });
    expect(results['b-top']).toMatchObject({ value: true, reason: 'STATIC' });
    expect(counted.calls).toEqual({ getFlags: 2, getOverridesForFlags: 1 });
    expect((await client.getAllFlags({ userId: 'other' }))['b-top']).toMatchObject({ reason: 'PREREQUISITE_FAILED' });
  });
});
