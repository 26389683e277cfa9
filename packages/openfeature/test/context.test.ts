import {
  createFlag,
  createSegment,
  type EvaluationContext,
  evaluateFlag,
  type FeatureFlag,
  fromFlatContext,
  SegmentIndex,
} from '@flags/core';
import type { EvaluationContext as FlatContext } from '@openfeature/server-sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFlagsContext } from '../src/context.js';

/** Any object as the SDK would pass it (the arbitraries hold values its type does not name, e.g. undefined). */
const mapped = (flat: object) => toFlagsContext(flat as FlatContext);

// Attribute names a condition may use: the context fields (camelCase and snake_case), free attributes,
// names no context sets, and names that are prototype keys of a plain object.
const NAMES = [
  'targetingKey',
  'targeting_key',
  'userId',
  'user_id',
  'organizationId',
  'tenantId',
  'environment',
  'appVersion',
  'app_version',
  'ipAddress',
  'userAgent',
  'country',
  'timestamp',
  'plan',
  'seats',
  'signup',
  'constructor',
  'toString',
  'absent',
];

const VALUES = fc.oneof(
  fc.constantFrom('pro', 'DE', '2.3.0', 'u-1', '', '10.0.0.1', '2024-06-03T08:00:00Z'),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -5, max: 50 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(new Date('2024-06-03T08:00:00Z'), new Date(Number.NaN)),
  fc.constant(['DE', 'pro']),
  fc.constant({ size: 40 }),
);

const FLAT = fc.dictionary(fc.constantFrom(...NAMES, '__proto__'), VALUES, { maxKeys: 10 });

const segments = SegmentIndex.of([
  createSegment({ name: 'pros', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] }),
]);

/** One flag per attribute and operator, each with one rule, plus rollouts bucketed on two fields. */
function flags(): FeatureFlag[] {
  const tests: [string, { operator: string; value: unknown }][] = [];
  for (const name of NAMES) {
    tests.push([name, { operator: 'eq', value: 'pro' }]);
    tests.push([name, { operator: 'ne', value: 'pro' }]);
    tests.push([name, { operator: 'in', value: ['DE', 'u-1', ''] }]);
    tests.push([name, { operator: 'gt', value: 3 }]);
    tests.push([name, { operator: 'contains', value: 'DE' }]);
    tests.push([name, { operator: 'semver_gte', value: '2.0.0' }]);
    tests.push([name, { operator: 'date_after', value: '2024-01-01T00:00:00Z' }]);
  }
  const made = tests.map(([attribute, test], i) =>
    createFlag({
      key: `f-${i}`,
      rules: [{ name: 'r', conditions: [{ attribute, ...test } as never] }],
    }),
  );
  made.push(
    createFlag({
      key: 'segment',
      rules: [{ name: 's', conditions: [{ attribute: 'segment', operator: 'in_segment', value: 'pros' }] }],
    }),
  );
  made.push(createFlag({ key: 'rollout', rules: [{ name: 'half', rolloutPercentage: 50 }] }));
  made.push(createFlag({ key: 'by-user', rules: [{ name: 'half', rolloutPercentage: 50, bucketBy: 'userId' }] }));
  made.push(createFlag({ key: 'by-plan', rules: [{ name: 'half', rolloutPercentage: 50, bucketBy: 'plan' }] }));
  return made;
}

function evaluateAll(all: FeatureFlag[], context: EvaluationContext) {
  return all.map((flag) => evaluateFlag(flag, context, { type: 'boolean', defaultValue: false, segments }));
}

describe('toFlagsContext', () => {
  const all = flags();

  it('property: every flag evaluates exactly as it does on fromFlatContext', () => {
    fc.assert(
      fc.property(FLAT, (flat) => {
        expect(evaluateAll(all, mapped(flat))).toStrictEqual(evaluateAll(all, fromFlatContext(flat)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the known string fields by name and keeps the flat object as the attributes', () => {
    const flat = { targetingKey: 'k', userId: 42, country: 'DE', plan: 'pro' };
    const context = mapped(flat);
    expect(context).toMatchObject({ targetingKey: 'k', country: 'DE' });
    expect(context.userId).toBeUndefined();
    expect(context.attributes).toBe(flat);
  });

  it('a context with its own attributes key is mapped by fromFlatContext (nested keys merged)', () => {
    const flat = { targetingKey: 'k', attributes: { plan: 'pro' } };
    expect(mapped(flat)).toStrictEqual(fromFlatContext(flat));
    expect(evaluateAll(all, mapped(flat))).toStrictEqual(evaluateAll(all, fromFlatContext(flat)));
  });

  it('an own __proto__ key is an attribute, never a prototype, and an inherited key is never read', () => {
    const parsed = JSON.parse('{"__proto__": {"plan": "pro"}, "targetingKey": "k"}') as Record<string, unknown>;
    expect(evaluateAll(all, mapped(parsed))).toStrictEqual(evaluateAll(all, fromFlatContext(parsed)));
    const inherited = Object.create({ plan: 'pro', userId: 'u-1' }) as Record<string, unknown>;
    expect(mapped(inherited).userId).toBeUndefined();
    expect(evaluateAll(all, mapped(inherited))).toStrictEqual(evaluateAll(all, fromFlatContext(inherited)));
  });
});
