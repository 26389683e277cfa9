import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFlag, explainFlag, rolloutBucket, variantBucket } from '../src/evaluation/index.js';
import type { EvaluationContext } from '../src/models/index.js';
import { createFlag, createOverride, createSegment, createTimeSchedule } from '../src/validation/index.js';

const segment = createSegment({
  name: 'staff',
  conditions: [{ attribute: 'email', operator: 'ends_with', value: '@example.com' }],
});
const flag = createFlag({
  key: 'checkout',
  rules: [
    { name: 'staff', priority: 0, conditions: [{ attribute: 'segment', operator: 'in_segment', value: 'staff' }] },
    { name: 'off', priority: 1, enabled: false },
    {
      name: 'pro-30',
      priority: 2,
      conditions: [
        { attribute: 'plan', operator: 'eq', value: 'pro' },
        { attribute: 'appVersion', operator: 'semver_gte', value: '2.0.0' },
      ],
      rolloutPercentage: 30,
    },
  ],
  variants: [
    { key: 'a', weight: 50, value: { enabled: true } },
    { key: 'b', weight: 50, value: { enabled: false } },
  ],
});
const override = createOverride({ flagId: flag.id, entityType: 'user', entityId: 'vip', enabled: false });

const contextArb: fc.Arbitrary<EvaluationContext> = fc.record(
  {
    targetingKey: fc.constantFrom('u1', 'u2', 'user-123', 'beta', 'x'),
    userId: fc.constantFrom('vip', 'someone'),
    appVersion: fc.constantFrom('1.0.0', '2.0.0', '3.1.4'),
    attributes: fc.record({
      plan: fc.constantFrom('pro', 'free'),
      email: fc.constantFrom('a@example.com', 'b@mail.test'),
    }),
  },
  { requiredKeys: ['attributes'] },
);

describe('explainFlag', () => {
  it('carries exactly the engine answer, and a decision step and rule marks that agree with it', () => {
    fc.assert(
      fc.property(contextArb, (context) => {
        const inputs = { defaultValue: false, overrides: [override], segments: [segment] };
        const explanation = explainFlag(flag, context, inputs);
        const details = evaluateFlag(flag, context, inputs);
        expect(explanation.details).toEqual(details);
        const selected = explanation.rules.filter((rule) => rule.selected);
        if (details.reason === 'TARGETING_MATCH') {
          expect(explanation.decidedBy).toBe('rule');
          expect(selected.map((rule) => rule.name)).toEqual([details.variant]);
        } else expect(selected).toEqual([]);
        if (details.reason === 'OVERRIDE') expect(explanation.overrides.matched?.entityId).toBe('vip');
        if (details.reason === 'SPLIT') expect(explanation.variant?.key).toBe(details.variant);
        // The bucketing value: targetingKey, else userId.
        const bucketValue = context.targetingKey ?? context.userId;
        for (const rule of explanation.rules) {
          if (rule.rollout && bucketValue !== undefined)
            expect(rule.rollout.bucket).toBe(rolloutBucket('checkout', bucketValue));
        }
        expect(explanation.variant?.bucket).toBe(variantBucket('checkout', bucketValue));
      }),
    );
  });

  it('shows each condition with the context value, disabled rules last, the rollout against the percentage', () => {
    const context = {
      targetingKey: 'user-123',
      appVersion: '2.0.0',
      attributes: { plan: 'pro', email: 'x@mail.test' },
    };
    const e = explainFlag(flag, context, { defaultValue: false, segments: [segment] });
    expect(e.rules.map((r) => [r.name, r.enabled])).toEqual([
      ['staff', true],
      ['pro-30', true],
      ['off', false],
    ]);
    expect(e.rules[1]!.conditions).toEqual([
      { attribute: 'plan', operator: 'eq', expected: 'pro', actual: 'pro', passed: true },
      { attribute: 'appVersion', operator: 'semver_gte', expected: '2.0.0', actual: '2.0.0', passed: true },
    ]);
    // `new_checkout:user-123` is bucket 2 in the design's vectors; `checkout:user-123` is its own.
    expect(e.rules[1]!.rollout).toEqual({
      percentage: 30,
      bucketBy: 'targetingKey, else userId',
      bucketValue: 'user-123',
      bucket: rolloutBucket('checkout', 'user-123'),
      inRollout: rolloutBucket('checkout', 'user-123') <= 30,
    });
    expect(e.overrides.probed).toEqual([{ entityType: 'targeting_key', entityId: 'user-123' }]);
  });

  it('names the closed time schedule and the kill switch', () => {
    const scheduled = {
      ...flag,
      timeSchedules: [
        createTimeSchedule({
          flagId: flag.id,
          name: 'night',
          recurrenceType: 'daily',
          startTime: '22:00',
          endTime: '23:00',
        }),
      ],
    };
    const e = explainFlag(scheduled, { timestamp: new Date('2026-01-01T12:00:00Z') }, { defaultValue: true });
    expect(e.decidedBy).toBe('schedule');
    expect(e.scheduleGate).toBe(false);
    expect(e.schedules).toEqual([{ name: 'night', enabled: true, active: false }]);
    const killed = explainFlag({ ...flag, status: 'inactive' }, {}, { defaultValue: true });
    expect(killed.decidedBy).toBe('status');
    expect(explainFlag(null, {}, { defaultValue: 1, flagKey: 'gone' }).details.errorCode).toBe('FLAG_NOT_FOUND');
  });
});
