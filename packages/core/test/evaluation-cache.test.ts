import { describe, expect, it } from 'vitest';
import { FeatureFlagClient } from '../src/client/index.js';
import { evaluateFlag } from '../src/evaluation/index.js';
import type { FeatureFlag, Segment } from '../src/models/index.js';
import { createFlag, createSegment } from '../src/validation/index.js';
import { EvaluationStore } from './support/evaluation-store.js';

const AT = new Date('2026-03-01T12:00:00.000Z');
const plan = (value: string) => ({ attribute: 'plan', operator: 'eq' as const, value });

/** The same flag identity (id, key, version, timestamps) with rules of its own. */
function twin(planName: string): FeatureFlag {
  return createFlag({
    id: 'shared-id',
    key: 'shared',
    version: 3,
    createdAt: AT,
    updatedAt: AT,
    rules: [{ name: `only ${planName}`, conditions: [plan(planName)] }],
  });
}

/** The same segment identity (id, name, version, timestamps) with conditions of its own. */
function twinSegment(planName: string): Segment {
  return createSegment({
    id: 'segment-id',
    name: 'members',
    version: 2,
    createdAt: AT,
    updatedAt: AT,
    conditions: [plan(planName)],
  });
}

async function storeWith(flag: FeatureFlag, segment?: Segment): Promise<EvaluationStore> {
  const store = new EvaluationStore();
  store.raw(flag);
  if (segment) store.segments.set(segment.id, segment);
  return store;
}

describe('compiled flags are never shared between different contents', () => {
  it('two stores whose flags share id, version and timestamps each serve their own rules', async () => {
    const a = new FeatureFlagClient({ storage: await storeWith(twin('pro')) });
    const b = new FeatureFlagClient({ storage: await storeWith(twin('free')) });
    const pro = { targetingKey: 'u', attributes: { plan: 'pro' } };
    const free = { targetingKey: 'u', attributes: { plan: 'free' } };
    expect(await a.getBooleanValue('shared', false, pro)).toBe(true);
    expect(await b.getBooleanValue('shared', false, pro)).toBe(false);
    expect(await b.getBooleanValue('shared', false, free)).toBe(true);
    expect(await a.getBooleanValue('shared', false, free)).toBe(false);
    // Bulk evaluation compiles through the same path.
    expect((await b.getAllFlags(pro)).shared?.value).toBe(false);
    expect((await a.getAllFlags(pro)).shared?.value).toBe(true);
  });

  it('two stores whose segments share id, name, version and timestamps each use their own conditions', async () => {
    const flag = createFlag({
      id: 'segmented-id',
      key: 'segmented',
      createdAt: AT,
      updatedAt: AT,
      rules: [{ name: 'members', conditions: [{ attribute: 's', operator: 'in_segment', value: 'members' }] }],
    });
    const a = new FeatureFlagClient({ storage: await storeWith(flag, twinSegment('pro')) });
    const b = new FeatureFlagClient({ storage: await storeWith(flag, twinSegment('free')) });
    const pro = { targetingKey: 'u', attributes: { plan: 'pro' } };
    expect(await a.getBooleanValue('segmented', false, pro)).toBe(true);
    expect(await b.getBooleanValue('segmented', false, pro)).toBe(false);
    expect((await a.getAllFlags(pro)).segmented?.value).toBe(true);
    expect((await b.getAllFlags(pro)).segmented?.value).toBe(false);
  });

  it('evaluateFlag answers from the flag it is given, whatever it evaluated before', () => {
    const context = { attributes: { plan: 'pro' } };
    const inputs = { type: 'boolean' as const, defaultValue: false };
    expect(evaluateFlag(twin('pro'), context, inputs).value).toBe(true);
    expect(evaluateFlag(twin('free'), context, inputs).value).toBe(false);
    const segmentFlag = createFlag({
      key: 'segmented',
      rules: [{ name: 'members', conditions: [{ attribute: 's', operator: 'in_segment', value: 'members' }] }],
    });
    const withSegments = (planName: string) => ({ ...inputs, segments: [twinSegment(planName)] });
    expect(evaluateFlag(segmentFlag, context, withSegments('pro')).value).toBe(true);
    expect(evaluateFlag(segmentFlag, context, withSegments('free')).value).toBe(false);
  });
});
