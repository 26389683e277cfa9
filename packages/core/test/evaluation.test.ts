import { describe, expect, it } from 'vitest';
import { evaluateFlag } from '../src/evaluation/index.js';
import type { FeatureFlag, FlagOverride, JsonValue } from '../src/models/index.js';
import { createOverride } from '../src/validation/index.js';
import { makeFlag, makeSchedule } from './support/flags.js';

const override = (flag: FeatureFlag, entityType: string, entityId: string, fields: Partial<FlagOverride> = {}) => ({
  ...createOverride({ flagId: flag.id, entityType, entityId }),
  ...fields,
});

describe('steps 1–3: missing, mistyped and disabled flags', () => {
  it('a missing flag gives the caller default with ERROR / FLAG_NOT_FOUND', () => {
    const details = evaluateFlag(null, {}, { flagKey: 'ghost', type: 'boolean', defaultValue: true });
    expect(details).toMatchObject({ flagKey: 'ghost', value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(details.errorMessage).toContain('ghost');
    expect(details.flagMetadata).toEqual({});
  });

  it('a request of another type, boolean requests included, gives TYPE_MISMATCH', () => {
    const text = makeFlag({ flagType: 'string', defaultValue: 'on' });
    const bool = makeFlag({ defaultEnabled: true });
    expect(evaluateFlag(text, {}, { type: 'boolean', defaultValue: false })).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(evaluateFlag(bool, {}, { type: 'string', defaultValue: 'x' })).toMatchObject({
      value: 'x',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(evaluateFlag(bool, {}, { type: 'number', defaultValue: 0 }).errorCode).toBe('TYPE_MISMATCH');
    expect(evaluateFlag(bool, {}, { type: 'json', defaultValue: null }).errorCode).toBe('TYPE_MISMATCH');
  });

  it('a flag that is not active serves its off value, DISABLED, ahead of overrides and rules', () => {
    const bool = makeFlag({ status: 'inactive', defaultEnabled: true, rules: [{ serveEnabled: true }] });
    const found = [override(bool, 'user', 'u1', { enabled: true })];
    expect(
      evaluateFlag(bool, { userId: 'u1' }, { type: 'boolean', defaultValue: true, overrides: found }),
    ).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
    const text = makeFlag({
      status: 'archived',
      flagType: 'string',
      defaultValue: 'off',
      rules: [{ serveValue: 'on' }],
    });
    expect(evaluateFlag(text, {}, { type: 'string', defaultValue: 'x' })).toMatchObject({
      value: 'off',
      reason: 'DISABLED',
    });
  });

  it('a kill switch flipped on a flag object (same version) still kills', () => {
    const flag = makeFlag({ defaultEnabled: true });
    expect(evaluateFlag(flag, {}, { type: 'boolean', defaultValue: false }).value).toBe(true);
    flag.status = 'inactive';
    expect(evaluateFlag(flag, {}, { type: 'boolean', defaultValue: false })).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
  });

  it('a stored flag that no longer validates gives the default with PARSE_ERROR naming the problem', () => {
    const flag = makeFlag({ rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value: 1 }] }] });
    const corrupt = structuredClone(flag);
    (corrupt.rules[0]!.conditions[0] as { operator: string }).operator = 'equals';
    corrupt.id = `${flag.id}-corrupt`;
    const details = evaluateFlag(corrupt, {}, { type: 'boolean', defaultValue: true });
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR', flagKey: flag.key });
    expect(details.errorMessage).toContain('rules[0].conditions[0].operator');
  });
});

describe('step 4: overrides', () => {
  const flag = makeFlag({ flagType: 'string', defaultValue: 'default', rules: [{ serveValue: 'rule' }] });
  const all = [
    override(flag, 'targeting_key', 'k1', { value: 'by key' }),
    override(flag, 'tenant', 't1', { value: 'by tenant' }),
    override(flag, 'organization', 'o1', { value: 'by org' }),
    override(flag, 'user', 'u1', { value: 'by user' }),
  ];
  const evaluate = (context: object, overrides: FlagOverride[] = all) =>
    evaluateFlag(flag, context, { type: 'string', defaultValue: 'x', overrides });

  it('probes user → organization → tenant → targeting_key, first found wins', () => {
    const full = { userId: 'u1', organizationId: 'o1', tenantId: 't1', targetingKey: 'k1' };
    expect(evaluate(full)).toMatchObject({ value: 'by user', reason: 'OVERRIDE' });
    expect(evaluate({ ...full, userId: 'u2' }).value).toBe('by org');
    expect(evaluate({ ...full, userId: undefined, organizationId: undefined }).value).toBe('by tenant');
    expect(evaluate({ targetingKey: 'k1' }).value).toBe('by key');
    expect(evaluate({ userId: 'k1' })).toMatchObject({ value: 'rule', reason: 'TARGETING_MATCH' });
  });

  it('ignores expired overrides and overrides of other flags', () => {
    const expired = override(flag, 'user', 'u1', { value: 'old', expiresAt: new Date(Date.now() - 1000) });
    const other = { ...override(flag, 'user', 'u1', { value: 'other flag' }), flagId: 'another-flag' };
    expect(evaluate({ userId: 'u1' }, [expired, other]).value).toBe('rule');
  });

  it('boolean flags serve enabled; others serve value, or enabled when value is null', () => {
    const bool = makeFlag({ defaultEnabled: true });
    const off = [override(bool, 'user', 'u1', { enabled: false, value: 'ignored' })];
    expect(evaluateFlag(bool, { userId: 'u1' }, { type: 'boolean', defaultValue: true, overrides: off })).toMatchObject(
      {
        value: false,
        reason: 'OVERRIDE',
      },
    );
    const json = makeFlag({ flagType: 'json', defaultValue: { a: 1 } });
    const valueless = [override(json, 'user', 'u1', { enabled: true, value: null })];
    expect(evaluateFlag(json, { userId: 'u1' }, { type: 'json', defaultValue: null, overrides: valueless }).value).toBe(
      true,
    );
  });

  it('a served value of another type than requested is a TYPE_MISMATCH, not a wrongly typed value', () => {
    const valueless = [override(flag, 'user', 'u1', { enabled: true, value: null })];
    expect(evaluate({ userId: 'u1' }, valueless)).toMatchObject({
      value: 'x',
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    const numeric = [override(flag, 'user', 'u1', { value: 5 })];
    expect(evaluate({ userId: 'u1' }, numeric).errorCode).toBe('TYPE_MISMATCH');
    // Without a requested type (bulk), the override is served as stored.
    expect(evaluateFlag(flag, { userId: 'u1' }, { defaultValue: null, overrides: numeric }).value).toBe(5);
  });
});

describe('step 5: time schedules', () => {
  const withSchedules = (...windows: [string, string, string?, boolean?][]) => {
    const flag = makeFlag({ defaultEnabled: true, rules: [{ name: 'everyone' }] });
    flag.timeSchedules = windows.map(([startTime, endTime, timezone = 'UTC', enabled = true], i) =>
      makeSchedule(flag, { name: `w${i}`, recurrenceType: 'daily', startTime, endTime, timezone, enabled }),
    );
    return flag;
  };
  const at = (flag: FeatureFlag, iso: string, overrides: FlagOverride[] = []) =>
    evaluateFlag(flag, { timestamp: new Date(iso), userId: 'u1' }, { type: 'boolean', defaultValue: true, overrides });

  it('outside every enabled schedule the flag serves its off value, DISABLED', () => {
    const flag = withSchedules(['09:00', '17:00']);
    expect(at(flag, '2024-06-03T08:59:59Z')).toMatchObject({ value: false, reason: 'DISABLED' });
    expect(at(flag, '2024-06-03T12:00:00Z')).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
  });

  it('any one active schedule lets evaluation go on; disabled schedules are ignored', () => {
    const flag = withSchedules(['09:00', '10:00'], ['14:00', '15:00'], ['00:00', '23:59', 'UTC', false]);
    expect(at(flag, '2024-06-03T14:30:00Z').reason).toBe('TARGETING_MATCH');
    expect(at(flag, '2024-06-03T12:00:00Z').reason).toBe('DISABLED');
    const onlyDisabled = withSchedules(['09:00', '10:00', 'UTC', false]);
    expect(at(onlyDisabled, '2024-06-03T12:00:00Z').reason).toBe('TARGETING_MATCH');
  });

  it('reads each schedule in its own timezone', () => {
    const tokyo = withSchedules(['09:00', '17:00', 'Asia/Tokyo']);
    expect(at(tokyo, '2024-06-03T01:00:00Z').reason).toBe('TARGETING_MATCH'); // 10:00 in Tokyo
    expect(at(tokyo, '2024-06-03T12:00:00Z').reason).toBe('DISABLED'); // 21:00 in Tokyo
  });

  it('an override applies even outside the schedules (step 4 comes first)', () => {
    const flag = withSchedules(['09:00', '17:00']);
    const found = [override(flag, 'user', 'u1', { enabled: true })];
    expect(at(flag, '2024-06-03T20:00:00Z', found)).toMatchObject({ value: true, reason: 'OVERRIDE' });
  });

  it('a schedule record that cannot be read gives PARSE_ERROR', () => {
    const flag = withSchedules(['09:00', '17:00']);
    (flag.timeSchedules as unknown[]).push(null);
    expect(at(flag, '2024-06-03T20:00:00Z')).toMatchObject({ value: true, errorCode: 'PARSE_ERROR' });
  });
});

describe('step 6: rules', () => {
  const plan = (value: string) => ({ attribute: 'plan', operator: 'eq' as const, value });

  it('run by priority, ties by position, disabled rules skipped; variant = rule name', () => {
    const flag = makeFlag({
      flagType: 'string',
      defaultValue: 'default',
      rules: [
        { name: 'late', priority: 5, serveValue: 'late' },
        { name: 'tie-first', priority: 1, conditions: [plan('pro')], serveValue: 'tie-first' },
        { name: 'tie-second', priority: 1, serveValue: 'tie-second' },
        { name: 'off', priority: 0, enabled: false, serveValue: 'off' },
      ],
    });
    const run = (p: string) => evaluateFlag(flag, { attributes: { plan: p } }, { type: 'string', defaultValue: '' });
    expect(run('pro')).toMatchObject({ value: 'tie-first', reason: 'TARGETING_MATCH', variant: 'tie-first' });
    expect(run('free')).toMatchObject({ value: 'tie-second', variant: 'tie-second' });
  });

  it('ANDs conditions; an empty condition list matches everyone', () => {
    const flag = makeFlag({
      rules: [
        { name: 'both', conditions: [plan('pro'), { attribute: 'country', operator: 'eq', value: 'DE' }] },
        { name: 'fallback', serveEnabled: false },
      ],
      defaultEnabled: true,
    });
    const run = (context: object) => evaluateFlag(flag, context, { type: 'boolean', defaultValue: true });
    expect(run({ country: 'DE', attributes: { plan: 'pro' } })).toMatchObject({ value: true, variant: 'both' });
    expect(run({ country: 'FR', attributes: { plan: 'pro' } })).toMatchObject({ value: false, variant: 'fallback' });
  });

  it('a user outside a rule’s rollout falls through to the next rule', () => {
    // beta:bob is bucket 85, beta:alice 96 (DESIGN §4 vectors).
    const flag = makeFlag({
      key: 'beta',
      flagType: 'number',
      defaultValue: 0,
      rules: [
        { name: 'ninety', rolloutPercentage: 90, serveValue: 90 },
        { name: 'everyone', serveValue: 100 },
      ],
    });
    const run = (targetingKey?: string) => evaluateFlag(flag, { targetingKey }, { type: 'number', defaultValue: -1 });
    expect(run('bob')).toMatchObject({ value: 90, variant: 'ninety' });
    expect(run('alice')).toMatchObject({ value: 100, variant: 'everyone' });
    expect(run(undefined)).toMatchObject({ value: 100, variant: 'everyone' });
  });
});

describe('steps 7–8: variants and the static default', () => {
  it('serve the variant by type: enabled for booleans, the object for json, value.value otherwise', () => {
    const variants = [{ key: 'only', weight: 100, value: { enabled: true, value: 'blue' } }];
    const bool = makeFlag({ variants });
    const json = makeFlag({ flagType: 'json', defaultValue: null, variants });
    const text = makeFlag({ flagType: 'string', defaultValue: 'grey', variants });
    const number = makeFlag({ flagType: 'number', defaultValue: 7, variants });
    expect(evaluateFlag(bool, {}, { type: 'boolean', defaultValue: false })).toMatchObject({
      value: true,
      reason: 'SPLIT',
      variant: 'only',
    });
    expect(evaluateFlag(json, {}, { type: 'json', defaultValue: null }).value).toEqual({
      enabled: true,
      value: 'blue',
    });
    expect(evaluateFlag(text, {}, { type: 'string', defaultValue: '' }).value).toBe('blue');
    expect(evaluateFlag(number, {}, { type: 'number', defaultValue: 0 })).toMatchObject({ value: 7, reason: 'SPLIT' });
  });

  it('with nothing else, serve defaultEnabled / defaultValue with STATIC and the flag metadata', () => {
    const bool = makeFlag({ defaultEnabled: true, metadata: { owner: 'team-a' } });
    expect(evaluateFlag(bool, {}, { type: 'boolean', defaultValue: false })).toEqual({
      flagKey: bool.key,
      value: true,
      reason: 'STATIC',
      variant: undefined,
      errorCode: undefined,
      errorMessage: undefined,
      flagMetadata: { owner: 'team-a' },
    });
    const json = makeFlag({ flagType: 'json', defaultValue: [1, { a: 2 }] });
    expect(evaluateFlag(json, {}, { type: 'json', defaultValue: null })).toMatchObject({
      value: [1, { a: 2 }],
      reason: 'STATIC',
    });
  });

  it('DEFAULT, not STATIC, when the flag has enabled rules and none served the context', () => {
    const pro = { attribute: 'plan', operator: 'eq' as const, value: 'pro' };
    const targeted = makeFlag({
      flagType: 'string',
      defaultValue: 'base',
      rules: [{ name: 'pro', conditions: [pro], serveValue: 'p' }],
    });
    const run = (flag: FeatureFlag, context: object) =>
      evaluateFlag(flag, context, { type: 'string', defaultValue: '' });
    expect(run(targeted, { attributes: { plan: 'free' } })).toMatchObject({ value: 'base', reason: 'DEFAULT' });
    expect(run(targeted, {})).toMatchObject({ value: 'base', reason: 'DEFAULT' });
    // A rule whose conditions hold but whose rollout leaves the key out is targeting that did not serve.
    const rollout = makeFlag({
      key: 'beta',
      flagType: 'string',
      defaultValue: 'base',
      rules: [{ name: 'ten', rolloutPercentage: 10, serveValue: 'r' }],
    });
    expect(run(rollout, { targetingKey: 'alice' })).toMatchObject({ value: 'base', reason: 'DEFAULT' });
    // Only disabled rules: nothing can vary by context, so the value is STATIC.
    const dormant = makeFlag({
      flagType: 'string',
      defaultValue: 'base',
      rules: [{ name: 'pro', enabled: false, conditions: [pro], serveValue: 'p' }],
    });
    expect(run(dormant, { attributes: { plan: 'pro' } })).toMatchObject({ value: 'base', reason: 'STATIC' });
  });

  it('STATIC for a flag with no rules, inside its time schedule too (a schedule gates, it does not target)', () => {
    const flag = makeFlag({ defaultEnabled: true });
    flag.timeSchedules = [
      makeSchedule(flag, { name: 'all day', recurrenceType: 'daily', startTime: '00:00', endTime: '23:59:59' }),
    ];
    expect(evaluateFlag(flag, {}, { type: 'boolean', defaultValue: false })).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
  });

  it('serves copies: mutating a served object changes no later evaluation', () => {
    const json = makeFlag({ flagType: 'json', defaultValue: { limits: { max: 5 } } });
    const first = evaluateFlag<JsonValue>(json, {}, { type: 'json', defaultValue: null }).value as {
      limits: { max: number };
    };
    first.limits.max = 999;
    expect(evaluateFlag(json, {}, { type: 'json', defaultValue: null }).value).toEqual({ limits: { max: 5 } });
  });
});

describe('compilation', () => {
  it('compiles once per version: an in-place edit without a new version is not seen, a new version is', () => {
    const flag = makeFlag({ rules: [{ conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] }] });
    const pro = { attributes: { plan: 'pro' } };
    expect(evaluateFlag(flag, pro, { type: 'boolean', defaultValue: false }).reason).toBe('TARGETING_MATCH');
    flag.rules[0]!.conditions[0]!.value = 'enterprise';
    expect(evaluateFlag(flag, pro, { type: 'boolean', defaultValue: false }).reason).toBe('TARGETING_MATCH');
    flag.version += 1;
    expect(evaluateFlag(flag, pro, { type: 'boolean', defaultValue: false }).reason).toBe('DEFAULT');
  });
});
