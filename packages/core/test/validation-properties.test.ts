import {
  createFlag,
  createRolloutPhase,
  createScheduledChange,
  decodeModel,
  encodeModel,
  type FeatureFlag,
  type FlagType,
  type JsonValue,
  LIMITS,
  OPERATORS,
  ValidationError,
} from '@flags/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// JSON through a text round trip, so -0 (which JSON cannot hold) never appears.
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as JsonValue);
const jsonObject = fc.dictionary(fc.string(), json, { maxKeys: 4 });
// Dates every backend stores (core's limits).
const date = fc.date({ min: new Date(LIMITS.minDateMs), max: new Date(LIMITS.maxDateMs), noInvalidDate: true });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));

const servable = (flagType: FlagType): fc.Arbitrary<JsonValue> =>
  ({
    boolean: fc.option(fc.boolean(), { nil: null }),
    string: fc.string(),
    number: finite,
    json,
  })[flagType];

const condition = fc.oneof(
  fc.record({
    attribute: fc.string({ minLength: 1 }),
    operator: fc.constantFrom('eq', 'ne', 'gt', 'contains'),
    value: json,
  }),
  fc.record({
    attribute: fc.constant('country'),
    operator: fc.constantFrom('in', 'not_in'),
    value: fc.array(json, { maxLength: 3 }),
  }),
  fc.record({
    attribute: fc.constant('v'),
    operator: fc.constantFrom(...OPERATORS.filter((o) => o.startsWith('semver_'))),
    value: fc.constantFrom('1.0.0', '2.3.4-rc.1+b7'),
  }),
  fc.record({
    attribute: fc.constant('t'),
    operator: fc.constantFrom('date_after', 'date_before'),
    value: fc.oneof(
      finite,
      date.filter((d) => d.getUTCFullYear() > 0 && d.getUTCFullYear() < 10000).map((d) => d.toISOString()),
    ),
  }),
  fc.record({
    attribute: fc.constant('seg'),
    operator: fc.constantFrom('in_segment', 'not_in_segment'),
    value: fc.string({ minLength: 1 }),
  }),
);

const rule = (flagType: FlagType) =>
  fc.record(
    {
      id: fc.uuid(),
      name: fc.string({ minLength: 1 }),
      description: fc.option(fc.string(), { nil: null }),
      priority: fc.integer({ min: -1000, max: 1000 }),
      enabled: fc.boolean(),
      conditions: fc.array(condition, { maxLength: 3 }),
      serveEnabled: fc.boolean(),
      serveValue: servable(flagType),
      rolloutPercentage: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      bucketBy: fc.constantFrom('userId', 'company', 'user_id'),
    },
    {
      requiredKeys: [
        'id',
        'name',
        'description',
        'priority',
        'enabled',
        'conditions',
        'serveEnabled',
        'serveValue',
        'rolloutPercentage',
      ],
    },
  );

const prerequisites = fc.uniqueArray(
  fc.record(
    { flagKey: fc.stringMatching(/^pre[0-9]{1,3}$/), variant: fc.string({ minLength: 1 }), value: json },
    { requiredKeys: ['flagKey'] },
  ),
  { maxLength: 3, selector: (p) => p.flagKey },
);

// Weights summing to 100: the gaps between sorted cut points in [0, 100].
const variants = fc
  .uniqueArray(fc.string({ minLength: 1 }), { maxLength: 5 })
  .chain((keys) =>
    fc.tuple(
      fc.constant(keys),
      fc.array(fc.integer({ min: 0, max: 100 }), {
        minLength: Math.max(keys.length - 1, 0),
        maxLength: Math.max(keys.length - 1, 0),
      }),
    ),
  )
  .chain(([keys, cuts]) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return fc.tuple(
      ...keys.map((key, i) =>
        fc.record({
          id: fc.uuid(),
          key: fc.constant(key),
          name: fc.string({ minLength: 1 }),
          description: fc.option(fc.string(), { nil: null }),
          value: jsonObject,
          weight: fc.constant((points[i + 1] as number) - (points[i] as number)),
        }),
      ),
    );
  });

const validFlag: fc.Arbitrary<FeatureFlag> = fc
  .constantFrom<FlagType>('boolean', 'string', 'number', 'json')
  .chain((flagType) =>
    fc
      .record(
        {
          id: fc.uuid(),
          key: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{0,40}$/),
          name: fc.string({ minLength: 1 }),
          description: fc.option(fc.string(), { nil: null }),
          flagType: fc.constant(flagType),
          status: fc.constantFrom('active', 'inactive', 'archived'),
          defaultEnabled: fc.boolean(),
          defaultValue: servable(flagType),
          tags: fc.array(fc.string(), { maxLength: 3 }),
          metadata: jsonObject,
          prerequisites,
          rules: fc.uniqueArray(rule(flagType), { maxLength: 4, selector: (r) => r.id }),
          variants,
          bucketBy: fc.constantFrom('organizationId', 'attr.x'),
          defaultVariant: fc.string({ minLength: 1 }),
          timeSchedules: fc.constant([] as FeatureFlag['timeSchedules']),
          version: fc.integer({ min: 1, max: 1_000_000 }),
          createdAt: date,
          updatedAt: date,
        },
        {
          requiredKeys: [
            'id',
            'key',
            'name',
            'description',
            'flagType',
            'status',
            'defaultEnabled',
            'defaultValue',
            'tags',
            'metadata',
            'prerequisites',
            'rules',
            'variants',
            'timeSchedules',
            'version',
            'createdAt',
            'updatedAt',
          ],
        },
      )
      .filter((flag) => flag.prerequisites.every((p) => p.flagKey !== flag.key)),
  );

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const badPercentage = fc.oneof(
  fc.integer({ max: -1 }),
  fc.integer({ min: 101 }),
  fc.double({ min: 0.001, max: 99.999, noNaN: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);

describe('validation properties', () => {
  it('any valid flag round-trips through createFlag unchanged, as a fresh copy', () => {
    fc.assert(
      fc.property(validFlag, (flag) => {
        const created = createFlag(flag);
        expect(created).toEqual(flag);
        expect(created).not.toBe(flag);
        expect(created.createdAt).not.toBe(flag.createdAt);
        if (flag.rules.length > 0) expect(created.rules[0]).not.toBe(flag.rules[0]);
      }),
      { numRuns: 200 },
    );
  });

  it('any valid flag round-trips through encodeModel/decodeModel exactly', () => {
    fc.assert(
      fc.property(validFlag, (flag) => {
        expect(decodeModel('flag', encodeModel(flag))).toEqual(flag);
      }),
      { numRuns: 200 },
    );
  });

  it('an out-of-range rollout percentage is rejected at its own path', () => {
    fc.assert(
      fc.property(validFlag, badPercentage, fc.nat(), (flag, pct, at) => {
        fc.pre(flag.rules.length > 0);
        const index = at % flag.rules.length;
        const rules = flag.rules.map((r, i) => (i === index ? { ...r, rolloutPercentage: pct } : r));
        const issues = issuesOf(() => createFlag({ ...flag, rules }));
        expect(issues.map((i) => i.path)).toEqual([`rules[${index}].rolloutPercentage`]);
      }),
      { numRuns: 100 },
    );
  });

  it('an out-of-range variant weight is rejected at its own path', () => {
    fc.assert(
      fc.property(validFlag, badPercentage, fc.nat(), (flag, weight, at) => {
        fc.pre(flag.variants.length > 0);
        const index = at % flag.variants.length;
        const variants = flag.variants.map((v, i) => (i === index ? { ...v, weight } : v));
        const issues = issuesOf(() => createFlag({ ...flag, variants }));
        expect(issues.map((i) => i.path)).toEqual([`variants[${index}].weight`]);
      }),
      { numRuns: 100 },
    );
  });

  it('out-of-range percentages of schedules and phases are rejected at their path', () => {
    const scheduledAt = new Date();
    fc.assert(
      fc.property(badPercentage, (pct) => {
        expect(
          issuesOf(() =>
            createScheduledChange({
              flagId: 'f',
              changeType: 'update_rollout',
              scheduledAt,
              newRolloutPercentage: pct,
            }),
          ).map((i) => i.path),
        ).toEqual(['newRolloutPercentage']);
        expect(
          issuesOf(() => createRolloutPhase({ flagId: 'f', phaseNumber: 1, targetPercentage: pct, scheduledAt })).map(
            (i) => i.path,
          ),
        ).toEqual(['targetPercentage']);
      }),
    );
  });

  it('weights that do not sum to 100 are rejected', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }), (weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        fc.pre(total !== 100);
        const input = { key: 'f', variants: weights.map((weight, i) => ({ key: `v${i}`, weight })) };
        expect(issuesOf(() => createFlag(input))).toEqual([
          { path: 'variants', message: `variant weights must sum to 100, got ${total}` },
        ]);
      }),
    );
  });

  it('any string outside the operator list is rejected as an unknown operator', () => {
    const known = new Set<string>(OPERATORS);
    fc.assert(
      fc.property(
        fc.string().filter((s) => !known.has(s)),
        fc.nat({ max: 3 }),
        (operator, index) => {
          const rules = Array.from({ length: index + 1 }, (_, i) =>
            i === index ? { conditions: [{ attribute: 'a', operator: operator as never, value: 1 }] } : {},
          );
          expect(issuesOf(() => createFlag({ key: 'f', rules }))).toEqual([
            { path: `rules[${index}].conditions[0].operator`, message: `unknown operator ${JSON.stringify(operator)}` },
          ]);
        },
      ),
    );
  });

  it('a key is accepted exactly when it matches the documented pattern', () => {
    const pattern = /^[A-Za-z][A-Za-z0-9_.:-]{0,254}$/;
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{0,8}[^A-Za-z0-9_.:-]?$/)),
        (key) => {
          let accepted = true;
          try {
            createFlag({ key });
          } catch {
            accepted = false;
          }
          expect(accepted).toBe(pattern.test(key));
        },
      ),
    );
  });
});
