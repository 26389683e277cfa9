import { describe, expect, it } from 'vitest';
import { SegmentIndex } from '../src/evaluation/index.js';
import { compileCondition } from '../src/evaluation/operators/index.js';
import type { Condition, EvaluationContext } from '../src/models/index.js';
import { holds } from './support/flags.js';

const withPlan = (plan: unknown): EvaluationContext => ({ attributes: { plan } });
const cond = (operator: Condition['operator'], value: Condition['value'], attribute = 'plan'): Condition => ({
  attribute,
  operator,
  value,
});
/** For operands validation rejects: the compiled condition straight, as data written elsewhere would reach it. */
const raw = (condition: Condition, context: EvaluationContext) =>
  compileCondition(condition)(context, SegmentIndex.EMPTY);

describe('equality operators', () => {
  it('eq compares primitives strictly and arrays/objects deeply', () => {
    expect(holds(cond('eq', 'pro'), withPlan('pro'))).toBe(true);
    expect(holds(cond('eq', 'pro'), withPlan('free'))).toBe(false);
    expect(holds(cond('eq', 5), withPlan('5'))).toBe(false);
    expect(holds(cond('eq', 5), withPlan(5))).toBe(true);
    expect(holds(cond('eq', true), withPlan(true))).toBe(true);
    expect(holds(cond('eq', { a: [1, 2] }), withPlan({ a: [1, 2] }))).toBe(true);
    expect(holds(cond('eq', { a: [1, 2] }), withPlan({ a: [2, 1] }))).toBe(false);
  });

  it('ne is the negation for present values, true when missing', () => {
    expect(holds(cond('ne', 'pro'), withPlan('free'))).toBe(true);
    expect(holds(cond('ne', 'pro'), withPlan('pro'))).toBe(false);
    expect(holds(cond('ne', 5), withPlan('5'))).toBe(true);
    expect(holds(cond('ne', 'pro'), {})).toBe(true);
    expect(holds(cond('ne', 'pro'), withPlan(null))).toBe(true);
  });

  it('a null attribute is missing for positive operators', () => {
    expect(holds(cond('eq', 'pro'), withPlan(null))).toBe(false);
  });
});

describe('ordering operators', () => {
  it.each([
    ['gt', 5, 6, true],
    ['gt', 5, 5, false],
    ['gte', 5, 5, true],
    ['gte', 5, 4, false],
    ['lt', 5, 4, true],
    ['lt', 5, 5, false],
    ['lte', 5, 5, true],
    ['lte', 5, 6, false],
    ['gt', 'b', 'c', true],
    ['lt', 'b', 'a', true],
  ] as const)('%s %j with %j → %s', (operator, operand, value, expected) => {
    expect(holds(cond(operator, operand), withPlan(value))).toBe(expected);
  });

  it('a type mismatch or a missing attribute is false and never throws', () => {
    for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
      expect(holds(cond(operator, 5), withPlan('10'))).toBe(false);
      expect(holds(cond(operator, 'a'), withPlan(10))).toBe(false);
      expect(holds(cond(operator, 5), withPlan({ valueOf: 10 }))).toBe(false);
      expect(holds(cond(operator, 5), {})).toBe(false);
    }
  });
});

describe('membership operators', () => {
  const ids = Array.from({ length: 100 }, (_, i) => `user-${i}`);

  it('in / not_in test membership without coercion', () => {
    expect(holds(cond('in', ids, 'userId'), { userId: 'user-42' })).toBe(true);
    expect(holds(cond('in', ids, 'userId'), { userId: 'user-420' })).toBe(false);
    expect(holds(cond('not_in', ids, 'userId'), { userId: 'user-420' })).toBe(true);
    expect(holds(cond('not_in', ids, 'userId'), { userId: 'user-42' })).toBe(false);
    expect(holds(cond('in', [1, 2], 'n'), { attributes: { n: '1' } })).toBe(false);
    expect(holds(cond('in', [{ a: 1 }], 'n'), { attributes: { n: { a: 1 } } })).toBe(true);
  });

  it('an array attribute is in the list when any element is', () => {
    expect(holds(cond('in', ['admin'], 'roles'), { attributes: { roles: ['dev', 'admin'] } })).toBe(true);
    expect(holds(cond('not_in', ['admin'], 'roles'), { attributes: { roles: ['dev'] } })).toBe(true);
    expect(holds(cond('not_in', ['admin'], 'roles'), { attributes: { roles: ['admin'] } })).toBe(false);
  });

  it('missing: in false, not_in true; a non-array operand matches nobody', () => {
    expect(holds(cond('in', ids, 'userId'), {})).toBe(false);
    expect(holds(cond('not_in', ids, 'userId'), {})).toBe(true);
    expect(raw(cond('in', 'user-1', 'userId'), { userId: 'user-1' })).toBe(false);
    expect(raw(cond('not_in', 'user-1', 'userId'), { userId: 'user-2' })).toBe(false);
    expect(raw(cond('not_in', 'user-1', 'userId'), {})).toBe(false);
  });

  it('contains / not_contains: substrings of strings, elements of arrays, false for other types', () => {
    expect(holds(cond('contains', 'ro'), withPlan('pro'))).toBe(true);
    expect(holds(cond('contains', 'x'), withPlan('pro'))).toBe(false);
    expect(holds(cond('contains', 'b'), withPlan(['a', 'b']))).toBe(true);
    expect(holds(cond('contains', 2), withPlan([1, 2]))).toBe(true);
    expect(holds(cond('contains', 2), withPlan(12))).toBe(false);
    expect(holds(cond('not_contains', 'x'), withPlan('pro'))).toBe(true);
    expect(holds(cond('not_contains', 'ro'), withPlan('pro'))).toBe(false);
    expect(holds(cond('not_contains', 'b'), withPlan(['a', 'b']))).toBe(false);
    expect(holds(cond('not_contains', 2), withPlan(12))).toBe(false);
    expect(holds(cond('contains', 'x'), {})).toBe(false);
    expect(holds(cond('not_contains', 'x'), {})).toBe(true);
  });
});

describe('string operators', () => {
  it('starts_with / ends_with need a string attribute', () => {
    expect(holds(cond('starts_with', 'pr'), withPlan('pro'))).toBe(true);
    expect(holds(cond('starts_with', 'ro'), withPlan('pro'))).toBe(false);
    expect(holds(cond('ends_with', 'ro'), withPlan('pro'))).toBe(true);
    expect(holds(cond('ends_with', '5'), withPlan(15))).toBe(false);
    expect(holds(cond('starts_with', 'p'), {})).toBe(false);
  });

  it('matches is an unanchored RegExp test', () => {
    expect(holds(cond('matches', '@example\\.com$', 'email'), { attributes: { email: 'a@example.com' } })).toBe(true);
    expect(holds(cond('matches', 'example', 'email'), { attributes: { email: 'a@example.com' } })).toBe(true);
    expect(holds(cond('matches', '^example', 'email'), { attributes: { email: 'a@example.com' } })).toBe(false);
    expect(holds(cond('matches', '\\d+', 'n'), { attributes: { n: 42 } })).toBe(false);
    expect(holds(cond('matches', 'x'), {})).toBe(false);
  });

  it('matches reads only the first 4,096 characters', () => {
    const tail = `${'a'.repeat(4096)}needle`;
    expect(holds(cond('matches', 'needle'), withPlan(tail))).toBe(false);
    expect(holds(cond('matches', 'needle'), withPlan(`needle${'a'.repeat(10_000)}`))).toBe(true);
    expect(holds(cond('matches', 'a$'), withPlan(`${'a'.repeat(4096)}b`))).toBe(true);
  });

  it('an invalid pattern (stored elsewhere) matches nobody and does not throw', () => {
    expect(raw(cond('matches', '(unclosed'), withPlan('(unclosed'))).toBe(false);
  });
});

describe('semver operators', () => {
  it.each([
    ['semver_gt', '1.2.3', '1.10.0', true],
    ['semver_lt', '1.10.0', '1.9.9', true],
    ['semver_eq', '1.2.3', '1.2.3+build.7', true],
    ['semver_eq', '1.2.3', 'v1.2.3', true],
    ['semver_gte', '2.0.0', '2.0.0', true],
    ['semver_lte', '2.0.0', '2.0.1', false],
    ['semver_lt', '1.0.0', '1.0.0-rc.1', true],
    ['semver_gt', '1.0.0-alpha', '1.0.0-alpha.1', true],
    ['semver_gt', '1.0.0-alpha.1', '1.0.0-alpha.beta', true],
    ['semver_gt', '1.0.0-beta.2', '1.0.0-beta.11', true],
    ['semver_lt', '1.0.0-rc.1', '1.0.0-beta.11', true],
    ['semver_gte', '2.1.0', '2.1', true],
    ['semver_eq', '2.0.0', '2', true],
  ] as const)('%s %s with %s → %s', (operator, operand, version, expected) => {
    expect(holds(cond(operator, operand, 'appVersion'), { appVersion: version })).toBe(expected);
  });

  it('non-versions, other types and missing attributes are false', () => {
    for (const operator of ['semver_eq', 'semver_gt', 'semver_lt', 'semver_gte', 'semver_lte'] as const) {
      expect(holds(cond(operator, '1.0.0', 'v'), { attributes: { v: 'latest' } })).toBe(false);
      expect(holds(cond(operator, '1.0.0', 'v'), { attributes: { v: 1 } })).toBe(false);
      expect(holds(cond(operator, '1.0.0', 'v'), {})).toBe(false);
    }
  });
});

describe('date operators', () => {
  const at = (value: unknown): EvaluationContext => ({ attributes: { signup: value } });

  it('compare ISO strings, epoch seconds and Dates; naive times are UTC', () => {
    const after = cond('date_after', '2024-06-01T00:00:00Z', 'signup');
    expect(holds(after, at('2024-06-01T00:00:01Z'))).toBe(true);
    expect(holds(after, at('2024-06-01T00:00:00Z'))).toBe(false);
    expect(holds(after, at('2024-06-01T02:00:00+02:00'))).toBe(false);
    expect(holds(after, at('2024-06-01T00:30:00'))).toBe(true);
    expect(holds(after, at('2024-06-02'))).toBe(true);
    expect(holds(after, at(1717200001))).toBe(true);
    expect(holds(after, at(new Date('2024-05-31T23:59:59Z')))).toBe(false);
    const before = cond('date_before', 1717200000, 'signup');
    expect(holds(before, at('2024-05-31T23:59:59.999Z'))).toBe(true);
    expect(holds(before, at('2024-06-01T00:00:00'))).toBe(false);
  });

  it('unreadable dates and missing attributes are false', () => {
    expect(holds(cond('date_after', '2024-01-01', 'signup'), at('yesterday'))).toBe(false);
    expect(holds(cond('date_before', '2024-01-01', 'signup'), at(true))).toBe(false);
    expect(holds(cond('date_before', '2024-01-01', 'signup'), {})).toBe(false);
  });
});

describe('time_window', () => {
  const window = (value: Condition['value']) => cond('time_window', value, 'timestamp');
  const at = (iso: string): EvaluationContext => ({ timestamp: new Date(iso) });

  it('reads HH:MM bounds on the wall clock of the timezone, DST included', () => {
    const office = window({ start: '09:00', end: '17:00', timezone: 'America/New_York' });
    expect(holds(office, at('2024-07-01T13:30:00Z'))).toBe(true); // 09:30 EDT
    expect(holds(office, at('2024-01-15T13:30:00Z'))).toBe(false); // 08:30 EST
    expect(holds(office, at('2024-01-15T14:00:00Z'))).toBe(true); // 09:00 EST
    expect(holds(office, at('2024-01-15T22:00:59Z'))).toBe(true); // 17:00:59, the end minute
    expect(holds(office, at('2024-01-15T22:01:00Z'))).toBe(false);
  });

  it('wraps midnight, and daysOfWeek (0 = Monday) names the day the window started', () => {
    const night = window({ start: '22:00', end: '02:00', daysOfWeek: [4] }); // Friday nights, UTC
    expect(holds(night, at('2024-06-07T23:00:00Z'))).toBe(true); // Friday 23:00
    expect(holds(night, at('2024-06-08T01:00:00Z'))).toBe(true); // Saturday 01:00, Friday's window
    expect(holds(night, at('2024-06-07T01:00:00Z'))).toBe(false); // Friday 01:00, Thursday's window
    expect(holds(night, at('2024-06-08T12:00:00Z'))).toBe(false);
  });

  it('takes ISO instants as absolute bounds, inclusive', () => {
    const launch = window({ start: '2024-06-01T00:00:00Z', end: '2024-06-30T23:59:59Z' });
    expect(holds(launch, at('2024-06-01T00:00:00Z'))).toBe(true);
    expect(holds(launch, at('2024-07-01T00:00:00Z'))).toBe(false);
  });

  it('uses the evaluation time when the context has no timestamp', () => {
    expect(holds(window({ start: '00:00', end: '23:59' }), {})).toBe(true);
    expect(holds(window({ start: '2000-01-01T00:00:00Z', end: '2000-01-02T00:00:00Z' }), {})).toBe(false);
  });

  it('a malformed operand matches nobody', () => {
    const ctx = at('2024-06-01T12:00:00Z');
    expect(raw(window({ start: '9am', end: '5pm' }), ctx)).toBe(false);
    expect(raw(window({ start: '09:00', end: '17:00', timezone: 'Mars/Olympus' }), ctx)).toBe(false);
    expect(raw(window('09:00-17:00'), ctx)).toBe(false);
  });
});

describe('attribute lookup', () => {
  it('reads context fields by camelCase and litestar snake_case names, fields winning over attributes', () => {
    expect(holds(cond('eq', 'u1', 'userId'), { userId: 'u1' })).toBe(true);
    expect(holds(cond('eq', 'u1', 'user_id'), { userId: 'u1' })).toBe(true);
    expect(holds(cond('eq', 'acme', 'organization_id'), { organizationId: 'acme' })).toBe(true);
    expect(holds(cond('eq', '2.0.0', 'app_version'), { appVersion: '2.0.0' })).toBe(true);
    expect(holds(cond('eq', 'u1', 'userId'), { userId: 'u1', attributes: { userId: 'u2' } })).toBe(true);
    expect(holds(cond('eq', 'u2', 'user_id'), { attributes: { user_id: 'u2' } })).toBe(true);
    expect(holds(cond('eq', 'DE', 'country'), { country: 'DE' })).toBe(true);
  });

  it('never reaches prototype keys: __proto__, constructor, toString are missing', () => {
    const context: EvaluationContext = { attributes: { plan: 'pro' } };
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(holds(cond('ne', 'x', name), context)).toBe(true);
      expect(holds(cond('contains', 'function', name), context)).toBe(false);
      expect(holds(cond('starts_with', 'f', name), context)).toBe(false);
      expect(holds(cond('in', [{}], name), context)).toBe(false);
    }
    expect(holds(cond('eq', 'mine', 'constructor'), { attributes: { constructor: 'mine' } })).toBe(true);
    expect(holds(cond('eq', 1, '__proto__'), { attributes: JSON.parse('{"__proto__": 1}') })).toBe(true);
  });
});
