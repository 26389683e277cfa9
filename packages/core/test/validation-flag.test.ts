import { createFlag, createRule, createVariant, type FeatureFlagInput, LIMITS, ValidationError } from '@flags/core';
import { describe, expect, it } from 'vitest';

/** The issues a ValidationError carries; fails the test when nothing (or something else) is thrown. */
function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const flagIssues = (input: Partial<FeatureFlagInput>) => issuesOf(() => createFlag({ key: 'f', ...input }));

describe('createFlag defaults and copying', () => {
  it('fills every default and generates UUID v7 ids', () => {
    const flag = createFlag({ key: 'dark-mode', rules: [{}, { name: 'vip' }], variants: [{ key: 'on', weight: 100 }] });
    expect(flag).toMatchObject({
      key: 'dark-mode',
      name: 'dark-mode',
      description: null,
      flagType: 'boolean',
      status: 'active',
      defaultEnabled: false,
      defaultValue: null,
      tags: [],
      metadata: {},
      timeSchedules: [],
      version: 1,
    });
    expect(flag.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(
      flag.rules.map((r) => [r.name, r.priority, r.enabled, r.serveEnabled, r.serveValue, r.rolloutPercentage]),
    ).toEqual([
      ['rule-1', 0, true, true, null, null],
      ['vip', 1, true, true, null, null],
    ]);
    expect(flag.rules[0]?.conditions).toEqual([]);
    expect(flag.rules[0]?.id).not.toBe(flag.rules[1]?.id);
    expect(flag.variants[0]).toMatchObject({ key: 'on', name: 'on', description: null, value: {}, weight: 100 });
    expect(flag.createdAt).toBeInstanceOf(Date);
    expect(flag.updatedAt.getTime()).toBe(flag.createdAt.getTime());
    expect(flag.updatedAt).not.toBe(flag.createdAt);
  });

  it('keeps a given id, version and timestamps, and ignores timeSchedules', () => {
    const createdAt = new Date('2024-01-01T00:00:00.123Z');
    const updatedAt = new Date('2024-02-01T00:00:00.456Z');
    const flag = createFlag({
      id: 'my-id',
      key: 'f',
      version: 5,
      createdAt,
      updatedAt,
      timeSchedules: [{ bogus: true }],
    });
    expect(flag.id).toBe('my-id');
    expect(flag.version).toBe(5);
    expect(flag.createdAt.getTime()).toBe(createdAt.getTime());
    expect(flag.updatedAt.getTime()).toBe(updatedAt.getTime());
    expect(flag.timeSchedules).toEqual([]);
  });

  it('returns a deep copy sharing no reference with the input', () => {
    const input = {
      key: 'f',
      flagType: 'json' as const,
      defaultValue: { nested: { list: [1, 2] } },
      tags: ['a'],
      metadata: { owner: { team: 'x' } },
      rules: [{ serveValue: { v: [1] }, conditions: [{ attribute: 'a', operator: 'in' as const, value: ['x'] }] }],
      variants: [{ key: 'a', weight: 100, value: { enabled: true, deep: { k: 1 } } }],
      createdAt: new Date('2024-01-01T00:00:00Z'),
    };
    const snapshot = structuredClone(input);
    const flag = createFlag(input);
    expect(flag.defaultValue).toEqual(input.defaultValue);
    expect(flag.defaultValue).not.toBe(input.defaultValue);
    expect(flag.tags).not.toBe(input.tags);
    expect(flag.metadata.owner).not.toBe(input.metadata.owner);
    expect(flag.rules[0]).not.toBe(input.rules[0]);
    expect(flag.rules[0]?.conditions[0]?.value).not.toBe(input.rules[0]?.conditions[0]?.value);
    expect(flag.variants[0]?.value.deep).not.toBe(input.variants[0]?.value.deep);
    expect(flag.createdAt).not.toBe(input.createdAt);
    // Mutating the result leaves the input untouched, and vice versa.
    (flag.defaultValue as { nested: { list: number[] } }).nested.list.push(3);
    flag.createdAt.setTime(0);
    (flag.rules[0]?.conditions[0]?.value as string[] | undefined)?.push('y');
    expect(input).toEqual(snapshot);
    input.metadata.owner.team = 'changed';
    expect(flag.metadata.owner).toEqual({ team: 'x' });
  });

  it('accepts its own output (a stored flag re-validates unchanged)', () => {
    const flag = createFlag({ key: 'f', rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value: 1 }] }] });
    expect(createFlag(flag)).toEqual(flag);
  });
});

describe('createFlag rules', () => {
  it('names the path and rule of an unknown operator', () => {
    const issues = flagIssues({
      rules: [{}, {}, { conditions: [{ attribute: 'plan', operator: 'equals' as never, value: 'pro' }] }],
    });
    expect(issues).toEqual([{ path: 'rules[2].conditions[0].operator', message: 'unknown operator "equals"' }]);
    expect(() =>
      createFlag({ key: 'f', rules: [{}, {}, { conditions: [{ attribute: 'p', operator: 'equals' as never }] }] }),
    ).toThrow('[@flags/core] invalid flag: rules[2].conditions[0].operator: unknown operator "equals"');
  });

  it.each(['1flag', '_flag', '', 'has space', 'a/b', 'ünï', `a${'b'.repeat(255)}`])('rejects the key %j', (key) => {
    expect(flagIssues({ key })[0]?.path).toBe('key');
  });

  it.each(['a', 'A', 'new_checkout', 'checkout.v2', 'team:feature-x', `a${'b'.repeat(254)}`])(
    'accepts the key %j',
    (key) => {
      expect(createFlag({ key }).key).toBe(key);
    },
  );

  it.each([-1, 101, 50.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects rolloutPercentage %d', (pct) => {
    expect(flagIssues({ rules: [{}, { rolloutPercentage: pct }] })).toEqual([
      expect.objectContaining({ path: 'rules[1].rolloutPercentage' }),
    ]);
  });

  it('accepts rolloutPercentage 0, 100 and null', () => {
    const flag = createFlag({
      key: 'f',
      rules: [{ rolloutPercentage: 0 }, { rolloutPercentage: 100 }, { rolloutPercentage: null }],
    });
    expect(flag.rules.map((r) => r.rolloutPercentage)).toEqual([0, 100, null]);
  });

  it('rejects a variant weight outside 0–100 and weights not summing to 100', () => {
    expect(flagIssues({ variants: [{ key: 'a', weight: 101 }] })[0]).toEqual({
      path: 'variants[0].weight',
      message: 'must be an integer from 0 to 100, got 101',
    });
    expect(
      flagIssues({
        variants: [
          { key: 'a', weight: 30 },
          { key: 'b', weight: 60 },
        ],
      }),
    ).toEqual([{ path: 'variants', message: 'variant weights must sum to 100, got 90' }]);
    expect(
      flagIssues({
        variants: [
          { key: 'a', weight: 60 },
          { key: 'b', weight: 60 },
        ],
      })[0]?.message,
    ).toContain('120');
    expect(
      createFlag({
        key: 'f',
        variants: [
          { key: 'a', weight: 0 },
          { key: 'b', weight: 100 },
        ],
      }).variants,
    ).toHaveLength(2);
  });

  it('rejects duplicate variant keys and duplicate rule ids', () => {
    expect(
      flagIssues({
        variants: [
          { key: 'a', weight: 50 },
          { key: 'a', weight: 50 },
        ],
      }),
    ).toEqual([{ path: 'variants[1].key', message: 'duplicate variant key in this flag' }]);
    expect(flagIssues({ rules: [{ id: 'r' }, { id: 'r' }] })).toEqual([
      { path: 'rules[1].id', message: 'duplicate rule id in this flag' },
    ]);
  });

  it.each([
    ['boolean', 'yes'],
    ['string', 3],
    ['string', null],
    ['number', '3'],
    ['number', null],
  ] as const)('rejects a %s flag with defaultValue %j', (flagType, defaultValue) => {
    expect(flagIssues({ flagType, defaultValue })).toEqual([expect.objectContaining({ path: 'defaultValue' })]);
  });

  it('accepts defaultValues matching flagType', () => {
    expect(createFlag({ key: 'f', defaultValue: true }).defaultValue).toBe(true);
    expect(createFlag({ key: 'f', flagType: 'string', defaultValue: '' }).defaultValue).toBe('');
    expect(createFlag({ key: 'f', flagType: 'number', defaultValue: -1.5 }).defaultValue).toBe(-1.5);
    expect(createFlag({ key: 'f', flagType: 'json', defaultValue: [{ a: null }] }).defaultValue).toEqual([{ a: null }]);
    expect(createFlag({ key: 'f', flagType: 'json' }).defaultValue).toBeNull();
  });

  it('requires each rule serveValue to match a non-boolean flagType', () => {
    expect(flagIssues({ flagType: 'string', defaultValue: 'a', rules: [{ serveValue: 'b' }, {}] })).toEqual([
      { path: 'rules[1].serveValue', message: 'must be a string on a string flag' },
    ]);
    expect(flagIssues({ flagType: 'number', defaultValue: 1, rules: [{ serveValue: '2' }] })[0]?.path).toBe(
      'rules[0].serveValue',
    );
    expect(createFlag({ key: 'f', rules: [{ serveValue: 'ignored on boolean flags' }] }).rules[0]?.serveValue).toBe(
      'ignored on boolean flags',
    );
  });

  it.each([
    ['undefined', { a: undefined }, 'metadata.a'],
    ['a function', { a: () => 1 }, 'metadata.a'],
    ['NaN', { a: [1, Number.NaN] }, 'metadata.a[1]'],
    ['Infinity', { a: { b: Number.POSITIVE_INFINITY } }, 'metadata.a.b'],
    ['a class instance', { a: new Map() }, 'metadata.a'],
    ['a Date', { a: new Date() }, 'metadata.a'],
    ['a bigint', { a: 1n }, 'metadata.a'],
    // biome-ignore lint/suspicious/noSparseArray: a hole is exactly what this case tests
    ['a sparse array', { a: [1, , 3] }, 'metadata.a[1]'],
  ])('rejects %s inside JSON metadata', (_, metadata, path) => {
    expect(flagIssues({ metadata: metadata as never })).toEqual([expect.objectContaining({ path })]);
  });

  it('rejects circular JSON and a non-object metadata', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(flagIssues({ metadata: cyclic as never })[0]).toEqual({
      path: 'metadata.self',
      message: 'not a JSON value: circular reference',
    });
    expect(flagIssues({ metadata: [1] as never })[0]?.path).toBe('metadata');
  });

  it('rejects JSON nested deeper than LIMITS.maxJsonDepth levels, accepts that depth', () => {
    const nest = (depth: number) => {
      let value: Record<string, unknown> = {};
      for (let i = 1; i < depth; i++) value = { d: value };
      return value;
    };
    const depth = LIMITS.maxJsonDepth;
    expect(createFlag({ key: 'f', metadata: nest(depth) as never }).metadata).toEqual(nest(depth));
    for (const deeper of [depth + 1, 300]) {
      const issues = flagIssues({ metadata: nest(deeper) as never });
      expect(issues).toHaveLength(1);
      expect(issues[0]?.message).toBe(`nested deeper than ${depth} levels`);
    }
  });

  it('accepts a repeated (non-circular) JSON object and an own "__proto__" key', () => {
    const shared = { x: 1 };
    const metadata = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, never>;
    const flag = createFlag({ key: 'f', metadata: { ...metadata, a: shared, b: shared } });
    expect(flag.metadata.a).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(flag.metadata)).toBe(Object.prototype);
    expect(Object.hasOwn(flag.metadata, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects invalid Dates, bad versions, empty names and wrong types, listing every issue', () => {
    const issues = flagIssues({
      name: '',
      version: 0,
      createdAt: new Date(Number.NaN),
      updatedAt: '2024-01-01' as never,
      status: 'paused' as never,
      tags: 'x' as never,
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['createdAt', 'name', 'status', 'tags', 'updatedAt', 'version']);
    expect(issues.find((i) => i.path === 'createdAt')?.message).toBe('must be a valid Date');
    expect(issues.find((i) => i.path === 'tags')?.message).toBe('must be an array, got string');
  });

  it('lists every broken rule in one error, cross-field checks included', () => {
    const issues = flagIssues({
      key: '9lives',
      flagType: 'string',
      defaultValue: 3,
      rules: [
        { serveValue: 's', conditions: [{ attribute: '', operator: 'in', value: 'x' }] },
        { serveValue: (() => 1) as never },
      ],
      variants: [
        { key: 'a', weight: 50 },
        { key: 'a', weight: 'half' as never },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'key' }),
        { path: 'defaultValue', message: 'must be a string on a string flag' },
        { path: 'rules[0].conditions[0].attribute', message: 'must not be empty' },
        { path: 'rules[0].conditions[0].value', message: 'in needs an array value' },
        { path: 'rules[1].serveValue', message: 'not a JSON value: a function' },
        { path: 'variants[1].key', message: 'duplicate variant key in this flag' },
        { path: 'variants[1].weight', message: 'must be a number, got string' },
      ]),
    );
    // One issue per field, and no weight-sum noise while a weight itself is broken.
    expect(issues).toHaveLength(7);
  });

  it('rejects a missing key and a non-object input', () => {
    expect(issuesOf(() => createFlag({} as never))).toEqual([{ path: 'key', message: 'is required' }]);
    expect(issuesOf(() => createFlag(null as never))[0]?.path).toBe('');
  });
});

describe('createRule and createVariant', () => {
  it('default name and priority from the position', () => {
    expect(createRule({}, 4)).toMatchObject({ name: 'rule-5', priority: 4, conditions: [] });
    expect(createRule({})).toMatchObject({ name: 'rule-1', priority: 0 });
    expect(createRule({ priority: -3 }).priority).toBe(-3);
  });

  it('validate their fields with paths relative to themselves', () => {
    expect(issuesOf(() => createRule({ conditions: [{ attribute: 'a', operator: 'in', value: 'x' }] }))).toEqual([
      { path: 'conditions[0].value', message: 'in needs an array value' },
    ]);
    expect(issuesOf(() => createRule({ priority: 1.5 }))[0]?.path).toBe('priority');
    expect(issuesOf(() => createVariant({ key: '', weight: 10 }))[0]).toEqual({
      path: 'key',
      message: 'must not be empty',
    });
    expect(issuesOf(() => createVariant({ key: 'a', weight: 10, value: [] as never }))[0]?.path).toBe('value');
  });

  it('createVariant fills defaults', () => {
    expect(createVariant({ key: 'blue', weight: 50 })).toMatchObject({
      key: 'blue',
      name: 'blue',
      value: {},
      description: null,
    });
  });
});
