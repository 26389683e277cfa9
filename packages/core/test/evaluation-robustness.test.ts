import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFlag, overrideEntities } from '../src/evaluation/index.js';
import { type ConditionInput, type EvaluationContext, REASONS } from '../src/models/index.js';
import { createOverride } from '../src/validation/index.js';
import { makeFlag, makeSegment } from './support/flags.js';

// One condition per operator, all on attribute `a`, each in a rule of its own so every one runs.
const CONDITIONS: ConditionInput[] = [
  { attribute: 'a', operator: 'eq', value: 1 },
  { attribute: 'a', operator: 'ne', value: { x: [1] } },
  { attribute: 'a', operator: 'gt', value: 1 },
  { attribute: 'a', operator: 'gte', value: 'm' },
  { attribute: 'a', operator: 'lt', value: 1 },
  { attribute: 'a', operator: 'lte', value: 'm' },
  { attribute: 'a', operator: 'in', value: [1, 'a', null, { b: 2 }] },
  { attribute: 'a', operator: 'not_in', value: [1, 'a'] },
  { attribute: 'a', operator: 'contains', value: 'a' },
  { attribute: 'a', operator: 'not_contains', value: 1 },
  { attribute: 'a', operator: 'starts_with', value: 'a' },
  { attribute: 'a', operator: 'ends_with', value: 'z' },
  { attribute: 'a', operator: 'matches', value: '^a+b$' },
  { attribute: 'a', operator: 'semver_eq', value: '1.0.0' },
  { attribute: 'a', operator: 'semver_gt', value: '1.0.0-rc.1' },
  { attribute: 'a', operator: 'semver_lt', value: '2.0.0' },
  { attribute: 'a', operator: 'semver_gte', value: '1.0.0' },
  { attribute: 'a', operator: 'semver_lte', value: '1.0.0' },
  { attribute: 'a', operator: 'date_after', value: '2024-01-01T00:00:00Z' },
  { attribute: 'a', operator: 'date_before', value: 1700000000 },
  { attribute: 'a', operator: 'time_window', value: { start: '09:00', end: '17:00', timezone: 'Europe/Berlin' } },
  { attribute: 'timestamp', operator: 'time_window', value: { start: '22:00', end: '02:00', daysOfWeek: [0, 6] } },
  { attribute: 'a', operator: 'in_segment', value: 'seg' },
  { attribute: 'a', operator: 'not_in_segment', value: 'seg' },
];
const segment = makeSegment({ name: 'seg', conditions: [{ attribute: 'a', operator: 'contains', value: 'x' }] });
const flags = CONDITIONS.map((condition) =>
  makeFlag({ rules: [{ name: condition.operator, conditions: [condition] }] }),
);

const contexts: fc.Arbitrary<EvaluationContext> = fc.record(
  {
    targetingKey: fc.string(),
    userId: fc.string(),
    appVersion: fc.oneof(fc.string(), fc.constantFrom('1.0.0', '1.0.0-rc.2', 'v2')),
    timestamp: fc.date(),
    attributes: fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'b'), fc.anything({ withDate: true }), {
      maxKeys: 3,
    }),
  },
  { requiredKeys: [] },
);

describe('evaluation never throws', () => {
  it('whatever the attribute values, every operator answers', () => {
    fc.assert(
      fc.property(contexts, (context) => {
        for (const flag of flags) {
          const details = evaluateFlag(flag, context, { type: 'boolean', defaultValue: false, segments: [segment] });
          expect(REASONS).toContain(details.reason);
          expect(details.errorCode).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('odd context shapes are read as missing attributes', () => {
    const odd = [
      { attributes: null },
      { attributes: Object.create(null) },
      { attributes: ['a'] },
      { attributes: { a: Symbol('s') } },
      { attributes: { a: 10n } },
      { attributes: { a: () => 1 } },
      { timestamp: new Date(Number.NaN) },
    ] as unknown as EvaluationContext[];
    for (const context of odd) {
      for (const flag of flags) {
        expect(() => evaluateFlag(flag, context, { type: 'boolean', defaultValue: false })).not.toThrow();
      }
    }
  });
});

describe('evaluation never throws, even on hostile contexts', () => {
  const rollout = makeFlag({ rules: [{ name: 'half', conditions: [], rolloutPercentage: 50 }] });
  const split = makeFlag({
    variants: [
      { key: 'a', weight: 50, value: { enabled: true } },
      { key: 'b', weight: 50, value: { enabled: false } },
    ],
  });
  const throwing = (): Record<string, unknown> =>
    Object.defineProperty({}, 'a', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
  const hostile = fc.oneof(
    fc.constant(Object.create(null)),
    fc.constant(Symbol('key')),
    fc.constant(10n),
    fc.constant({ toString: () => 'x' }),
    fc.constant(
      new Proxy(
        {},
        {
          get() {
            throw new Error('proxy');
          },
        },
      ),
    ),
    fc.anything(),
  );
  const hostileContexts = fc.record(
    {
      targetingKey: hostile,
      userId: hostile,
      organizationId: hostile,
      tenantId: hostile,
      appVersion: hostile,
      timestamp: hostile,
      attributes: fc.oneof(hostile, fc.constant(null).map(throwing)),
    },
    { requiredKeys: [] },
  );

  it('a prototype-less targeting key, a Symbol, a throwing getter: an answer, never a throw', () => {
    const cases = [
      { targetingKey: Object.create(null) },
      { targetingKey: Symbol('k') },
      { userId: Symbol('u'), targetingKey: 'k' },
      { attributes: throwing() },
      Object.defineProperty({}, 'targetingKey', {
        get() {
          throw new Error('getter');
        },
      }),
    ] as unknown as EvaluationContext[];
    for (const context of cases) {
      for (const flag of [...flags, rollout, split]) {
        const overrides = ['user', 'targeting_key'].map((entityType) =>
          createOverride({ flagId: flag.id, entityType, entityId: entityType === 'user' ? 'u' : 'k', enabled: true }),
        );
        const details = evaluateFlag(flag, context, { type: 'boolean', defaultValue: false, overrides });
        expect(REASONS).toContain(details.reason);
      }
    }
  });

  it('property: any context, any flag kind → a reason, the caller type', () => {
    fc.assert(
      fc.property(hostileContexts, (context) => {
        for (const flag of [...flags, rollout, split]) {
          const details = evaluateFlag(flag, context as unknown as EvaluationContext, {
            type: 'boolean',
            defaultValue: false,
            segments: [segment],
          });
          expect(REASONS).toContain(details.reason);
          expect(typeof details.value).toBe('boolean');
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('context values no override can hold never reach a storage lookup', () => {
  it('skips NUL, lone surrogates, over-long ids and non-strings', () => {
    const context = {
      userId: 'a\u0000b',
      organizationId: 'x\uD800',
      tenantId: 't'.repeat(256),
      targetingKey: Symbol('k'),
    } as unknown as EvaluationContext;
    expect(overrideEntities(context)).toStrictEqual([]);
    expect(overrideEntities({ userId: 'u'.repeat(255), targetingKey: 'k😀' })).toStrictEqual([
      { entityType: 'user', entityId: 'u'.repeat(255) },
      { entityType: 'targeting_key', entityId: 'k😀' },
    ]);
  });
});
