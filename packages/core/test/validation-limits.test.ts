import {
  createFlag,
  createOverride,
  createRolloutPhase,
  createScheduledChange,
  createSegment,
  createTimeSchedule,
  isWellFormedText,
  LIMITS,
  ValidationError,
} from '@flags/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** The issues `build` throws (it must throw a ValidationError). */
function issuesOf(build: () => unknown): readonly { path: string; message: string }[] {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a ValidationError').toBeInstanceOf(ValidationError);
  return (caught as ValidationError).issues;
}

/** Expects a ValidationError with an issue at `path` whose message matches `message`. */
function rejects(build: () => unknown, path: string, message?: RegExp): void {
  const issues = issuesOf(build);
  // A value nested too deep is named down to where it went too deep.
  const issue = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  expect(issue, `no issue at ${path}: ${JSON.stringify(issues)}`).toBeDefined();
  if (message) expect(issue!.message).toMatch(message);
}

const FLAG_ID = 'flag-1';
const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let level = depth - 1; level >= 0; level--) value = level % 2 ? [value] : { k: value };
  return value;
};

describe('values that are not JSON in enumerated fields (BigInt, Symbol, cycles) are ValidationErrors', () => {
  const hostile: [string, unknown][] = [
    ['a bigint', 10n],
    ['a symbol', Symbol('s')],
    [
      'a cycle',
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      })(),
    ],
    [
      'a throwing toJSON',
      {
        toJSON: () => {
          throw new Error('boom');
        },
      },
    ],
  ];
  for (const [what, value] of hostile) {
    it(`${what} in status, flagType, operator, changeType, recurrenceType`, () => {
      rejects(() => createFlag({ key: 'k', status: value as never }), 'status', /must be one of/);
      rejects(() => createFlag({ key: 'k', flagType: value as never }), 'flagType', /must be one of/);
      rejects(
        () =>
          createFlag({ key: 'k', rules: [{ conditions: [{ attribute: 'a', operator: value as never, value: 1 }] }] }),
        'rules[0].conditions[0].operator',
      );
      rejects(
        () => createScheduledChange({ flagId: FLAG_ID, changeType: value as never, scheduledAt: new Date() }),
        'changeType',
      );
      rejects(
        () =>
          createTimeSchedule({
            flagId: FLAG_ID,
            name: 'n',
            recurrenceType: value as never,
            startTime: '09:00',
            endTime: '17:00',
          }),
        'recurrenceType',
      );
      rejects(() => createFlag({ key: value as never }), 'key');
      rejects(
        () =>
          createTimeSchedule({
            flagId: FLAG_ID,
            name: 'n',
            recurrenceType: 'daily',
            startTime: value as never,
            endTime: '17:00',
          }),
        'startTime',
      );
    });
  }
});

/** Every string field of every write input, as a builder of a valid input holding `text` there, and its path. */
const STRING_FIELDS: [string, (text: string) => () => unknown][] = [
  ['id', (t) => () => createFlag({ key: 'k', id: t })],
  ['name', (t) => () => createFlag({ key: 'k', name: t })],
  ['description', (t) => () => createFlag({ key: 'k', description: t })],
  ['tags[0]', (t) => () => createFlag({ key: 'k', tags: [t] })],
  ['metadata.note', (t) => () => createFlag({ key: 'k', metadata: { note: t } })],
  ['defaultValue[0]', (t) => () => createFlag({ key: 'k', flagType: 'json', defaultValue: [t] })],
  ['rules[0].id', (t) => () => createFlag({ key: 'k', rules: [{ id: t, conditions: [] }] })],
  ['rules[0].name', (t) => () => createFlag({ key: 'k', rules: [{ name: t, conditions: [] }] })],
  ['rules[0].description', (t) => () => createFlag({ key: 'k', rules: [{ description: t, conditions: [] }] })],
  [
    'rules[0].conditions[0].attribute',
    (t) => () => createFlag({ key: 'k', rules: [{ conditions: [{ attribute: t, operator: 'eq', value: 1 }] }] }),
  ],
  [
    'rules[0].conditions[0].value',
    (t) => () => createFlag({ key: 'k', rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value: t }] }] }),
  ],
  [
    'rules[0].conditions[0].value[1]',
    (t) => () =>
      createFlag({ key: 'k', rules: [{ conditions: [{ attribute: 'a', operator: 'in', value: ['ok', t] }] }] }),
  ],
  ['variants[0].id', (t) => () => createFlag({ key: 'k', variants: [{ id: t, key: 'a', weight: 100 }] })],
  ['variants[0].key', (t) => () => createFlag({ key: 'k', variants: [{ key: t, weight: 100 }] })],
  ['variants[0].name', (t) => () => createFlag({ key: 'k', variants: [{ key: 'a', name: t, weight: 100 }] })],
  ['segment id', (t) => () => createSegment({ id: t, name: 's' })],
  ['segment name', (t) => () => createSegment({ name: t })],
  ['segment parentSegmentId', (t) => () => createSegment({ name: 's', parentSegmentId: t })],
  ['override id', (t) => () => createOverride({ id: t, flagId: FLAG_ID, entityType: 'user', entityId: 'u' })],
  ['override flagId', (t) => () => createOverride({ flagId: t, entityType: 'user', entityId: 'u' })],
  ['override entityType', (t) => () => createOverride({ flagId: FLAG_ID, entityType: t, entityId: 'u' })],
  ['override entityId', (t) => () => createOverride({ flagId: FLAG_ID, entityType: 'user', entityId: t })],
  ['override value', (t) => () => createOverride({ flagId: FLAG_ID, entityType: 'user', entityId: 'u', value: t })],
  [
    'change createdBy',
    (t) => () =>
      createScheduledChange({ flagId: FLAG_ID, changeType: 'enable', scheduledAt: new Date(), createdBy: t }),
  ],
  ['change flagId', (t) => () => createScheduledChange({ flagId: t, changeType: 'enable', scheduledAt: new Date() })],
  [
    'schedule name',
    (t) => () =>
      createTimeSchedule({ flagId: FLAG_ID, name: t, recurrenceType: 'daily', startTime: '09:00', endTime: '17:00' }),
  ],
  [
    'phase id',
    (t) => () =>
      createRolloutPhase({ id: t, flagId: FLAG_ID, phaseNumber: 1, targetPercentage: 5, scheduledAt: new Date() }),
  ],
];

/** The path a ValidationError names for a field of {@link STRING_FIELDS}. */
const pathOf = (field: string) => (field.includes(' ') ? field.split(' ')[1]! : field);

describe('ill-formed strings (lone surrogates, NUL) are refused in every string field, naming it', () => {
  for (const [field, build] of STRING_FIELDS) {
    it(field, () => {
      expect(build('fine')).not.toThrow();
      for (const bad of ['x\uD800', 'x\uDFFF', '\uDC00\uD800', 'a\u0000b']) {
        rejects(build(bad), pathOf(field), /lone surrogate|U\+0000/);
      }
    });
  }

  it('a JSON object key that is ill-formed is refused at its path', () => {
    rejects(() => createFlag({ key: 'k', metadata: { 'x\uD800': 1 } }), 'metadata.x\uD800', /lone surrogate/);
  });

  it('any string with a lone surrogate or NUL anywhere is refused; any well-formed one is accepted (property)', () => {
    const unit = fc.oneof(fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0000'));
    const illFormed = fc
      .tuple(fc.string({ maxLength: 5 }), unit, fc.string({ maxLength: 5 }))
      .map(([a, u, b]) => `${a}${u}${b}`)
      .filter((s) => !isWellFormedText(s));
    const field = fc.constantFrom(...STRING_FIELDS);
    fc.assert(
      fc.property(field, illFormed, ([name, build], text) => {
        rejects(build(text), pathOf(name));
      }),
    );
    const wellFormed = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
      .filter((s) => !s.includes('\u0000'));
    fc.assert(
      fc.property(field, wellFormed, ([name, build], text) => {
        // A few fields have syntax of their own; everything else takes any well-formed text.
        if (name === 'override entityType' || name === 'rules[0].conditions[0].attribute') return;
        expect(build(text)).not.toThrow();
      }),
    );
  });
});

describe("core's limits are enforced on every write input", () => {
  const long = 'x'.repeat(LIMITS.maxTextLength + 1);
  it('texts longer than the limit', () => {
    rejects(() => createFlag({ key: 'k', id: long }), 'id', /at most 255/);
    rejects(() => createFlag({ key: 'k', name: long }), 'name', /at most 255/);
    rejects(() => createFlag({ key: 'k', tags: [long] }), 'tags[0]', /at most 255/);
    rejects(() => createFlag({ key: 'k', variants: [{ key: long, weight: 100 }] }), 'variants[0].key', /at most 255/);
    rejects(() => createFlag({ key: 'k', rules: [{ name: long, conditions: [] }] }), 'rules[0].name', /at most 255/);
    rejects(() => createSegment({ name: long }), 'name', /at most 255/);
    rejects(() => createOverride({ flagId: FLAG_ID, entityType: 'user', entityId: long }), 'entityId', /at most 255/);
    rejects(
      () => createOverride({ flagId: FLAG_ID, entityType: 'e'.repeat(LIMITS.maxEntityTypeLength + 1), entityId: 'u' }),
      'entityType',
      /at most 64/,
    );
    expect(() => createFlag({ key: 'k', id: long.slice(1), name: long.slice(1) })).not.toThrow();
  });

  it('integers outside signed 32 bits', () => {
    for (const n of [LIMITS.maxInteger + 1, LIMITS.minInteger - 1, 2 ** 40]) {
      rejects(() => createFlag({ key: 'k', rules: [{ priority: n, conditions: [] }] }), 'rules[0].priority');
      rejects(() => createFlag({ key: 'k', version: n }), 'version');
      rejects(
        () => createRolloutPhase({ flagId: FLAG_ID, phaseNumber: n, targetPercentage: 5, scheduledAt: new Date() }),
        'phaseNumber',
      );
    }
    expect(() =>
      createFlag({ key: 'k', version: LIMITS.maxInteger, rules: [{ priority: LIMITS.minInteger, conditions: [] }] }),
    ).not.toThrow();
  });

  it('dates after year 9999 or before 1970', () => {
    const late = new Date(LIMITS.maxDateMs + 1);
    rejects(() => createFlag({ key: 'k', createdAt: late }), 'createdAt', /9999/);
    rejects(() => createFlag({ key: 'k', updatedAt: new Date(-1) }), 'updatedAt', /1970/);
    rejects(
      () => createScheduledChange({ flagId: FLAG_ID, changeType: 'enable', scheduledAt: late }),
      'scheduledAt',
      /9999/,
    );
    rejects(
      () => createOverride({ flagId: FLAG_ID, entityType: 'user', entityId: 'u', expiresAt: late }),
      'expiresAt',
      /9999/,
    );
    expect(() => createFlag({ key: 'k', createdAt: new Date(LIMITS.maxDateMs) })).not.toThrow();
  });

  it('more rules, variants or conditions than the limits', () => {
    const rules = Array.from({ length: LIMITS.maxRules + 1 }, () => ({ conditions: [] }));
    rejects(() => createFlag({ key: 'k', rules }), 'rules', /at most 1000/);
    const variants = Array.from({ length: LIMITS.maxVariants + 1 }, (_, i) => ({ key: `v${i}`, weight: i ? 0 : 100 }));
    rejects(() => createFlag({ key: 'k', variants }), 'variants', /at most 1000/);
    const conditions = Array.from({ length: LIMITS.maxConditions + 1 }, () => ({
      attribute: 'a',
      operator: 'eq' as const,
      value: 1,
    }));
    rejects(() => createFlag({ key: 'k', rules: [{ conditions }] }), 'rules[0].conditions', /at most 100/);
    rejects(() => createSegment({ name: 's', conditions }), 'conditions', /at most 100/);
  });

  it('JSON nested deeper than maxJsonDepth, in every JSON field', () => {
    const ok = nested(LIMITS.maxJsonDepth);
    const deep = nested(LIMITS.maxJsonDepth + 1);
    expect(() =>
      createFlag({ key: 'k', flagType: 'json', defaultValue: ok as never, metadata: ok as never }),
    ).not.toThrow();
    rejects(() => createFlag({ key: 'k', flagType: 'json', defaultValue: deep as never }), 'defaultValue', /deeper/);
    rejects(() => createFlag({ key: 'k', metadata: deep as never }), 'metadata', /deeper/);
    rejects(
      () =>
        createFlag({ key: 'k', rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value: deep as never }] }] }),
      'rules[0].conditions[0].value',
      /deeper/,
    );
    rejects(
      () => createOverride({ flagId: FLAG_ID, entityType: 'user', entityId: 'u', value: deep as never }),
      'value',
      /deeper/,
    );
  });
});
