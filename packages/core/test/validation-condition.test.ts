import { type ConditionInput, createCondition, OPERATORS, ValidationError } from '@flags/core';
import { describe, expect, it } from 'vitest';

function problem(input: ConditionInput): string | undefined {
  try {
    createCondition(input);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  }
}

const cond = (operator: string, value: unknown): ConditionInput =>
  ({ attribute: 'a', operator, value }) as ConditionInput;

describe('createCondition', () => {
  it('returns a copy with value defaulting to null', () => {
    const value = ['a', 'b'];
    const condition = createCondition({ attribute: 'country', operator: 'in', value });
    expect(condition).toEqual({ attribute: 'country', operator: 'in', value: ['a', 'b'] });
    expect(condition.value).not.toBe(value);
    expect(createCondition({ attribute: 'x', operator: 'eq' })).toEqual({
      attribute: 'x',
      operator: 'eq',
      value: null,
    });
  });

  it('rejects an unknown operator and an empty attribute', () => {
    expect(problem(cond('equals', 1))).toBe('operator: unknown operator "equals"');
    expect(problem(cond('__proto__', 1))).toBe('operator: unknown operator "__proto__"');
    expect(problem({ attribute: '', operator: 'eq', value: 1 })).toBe('attribute: must not be empty');
  });

  it.each([
    ['eq', 'x'],
    ['ne', null],
    ['gt', 3],
    ['lte', '2024-01-01'],
    ['contains', 'x'],
    ['not_contains', 1],
    ['starts_with', 'pre'],
    ['ends_with', ''],
    ['in', []],
    ['not_in', [1, 'a', null]],
    ['matches', '^user-\\d+$'],
    ['matches', ''],
    ['semver_eq', '1.2.3'],
    ['semver_gt', '1.0.0-beta.2+build.5'],
    ['semver_lt', '0.0.0'],
    ['semver_gte', '10.20.30-rc.1'],
    ['semver_lte', '2.0.0'],
    ['date_after', '2024-01-01'],
    ['date_after', '2024-01-01T10:00:00Z'],
    ['date_before', '2024-01-01T10:00:00.123+02:00'],
    ['date_before', '2024-01-01T10:00'],
    ['date_after', 1_700_000_000],
    ['time_window', { start: '09:00', end: '17:30' }],
    ['time_window', { start: '22:00', end: '06:00', timezone: 'America/New_York', daysOfWeek: [0, 6] }],
    ['time_window', { start: '2024-01-01T00:00:00Z', end: '2024-02-01T00:00:00Z' }],
    ['in_segment', 'beta-testers'],
    ['not_in_segment', '018f-id'],
  ])('accepts %s with %j', (operator, value) => {
    expect(problem(cond(operator, value))).toBeUndefined();
  });

  it.each([
    ['in', 'a,b', 'value: in needs an array value'],
    ['not_in', { a: 1 }, 'value: not_in needs an array value'],
    ['starts_with', 3, 'value: starts_with needs a string value'],
    ['matches', '(unclosed', 'value: invalid regular expression "(unclosed"'],
    ['matches', '[z-a]', 'value: invalid regular expression "[z-a]"'],
    ['matches', 5, 'value: matches needs a regular expression string'],
    ['semver_gt', '1.2', 'value: semver_gt needs a SemVer 2.0 version string, got "1.2"'],
    ['semver_eq', '01.2.3', 'value: semver_eq needs a SemVer 2.0 version string, got "01.2.3"'],
    ['semver_lt', 1, 'value: semver_lt needs a SemVer 2.0 version string, got 1'],
    ['semver_lte', 'latest', 'value: semver_lte needs a SemVer 2.0 version string, got "latest"'],
    ['date_after', 'tomorrow', 'value: date_after needs an ISO-8601 date string or epoch seconds, got "tomorrow"'],
    [
      'date_before',
      '2024-13-45',
      'value: date_before needs an ISO-8601 date string or epoch seconds, got "2024-13-45"',
    ],
    [
      'date_before',
      '01/02/2024',
      'value: date_before needs an ISO-8601 date string or epoch seconds, got "01/02/2024"',
    ],
    ['date_after', true, 'value: date_after needs an ISO-8601 date string or epoch seconds, got true'],
    ['in_segment', '', 'value: in_segment needs a segment name or id'],
    ['not_in_segment', ['a'], 'value: not_in_segment needs a segment name or id'],
  ])('rejects %s with %j', (operator, value, message) => {
    expect(problem(cond(operator, value))).toBe(message);
  });

  it.each([
    ['a string', '09:00-17:00', 'time_window needs an object'],
    ['missing end', { start: '09:00' }, 'start and end must both be'],
    ['hour 24', { start: '24:00', end: '25:00' }, 'start and end must both be'],
    ['mixed bounds', { start: '09:00', end: '2024-01-01T00:00:00Z' }, 'start and end must both be'],
    [
      'an unknown timezone',
      { start: '09:00', end: '10:00', timezone: 'Mars/Olympus' },
      'unknown timezone "Mars/Olympus"',
    ],
    ['a day 7', { start: '09:00', end: '10:00', daysOfWeek: [7] }, 'daysOfWeek must be'],
    ['days not in an array', { start: '09:00', end: '10:00', daysOfWeek: 1 }, 'daysOfWeek must be'],
  ])('rejects a time_window with %s', (_, value, message) => {
    expect(problem(cond('time_window', value))).toContain(message);
    expect(problem(cond('time_window', value))?.startsWith('value: ')).toBe(true);
  });

  it('checks every operator the engine knows (none is silently unchecked by accident)', () => {
    const needsShape = OPERATORS.filter((op) => problem(cond(op, { not: 'valid for shaped operators' })) !== undefined);
    expect(needsShape.sort()).toEqual(
      [
        'in',
        'not_in',
        'starts_with',
        'ends_with',
        'matches',
        'semver_eq',
        'semver_gt',
        'semver_lt',
        'semver_gte',
        'semver_lte',
        'date_after',
        'date_before',
        'time_window',
        'in_segment',
        'not_in_segment',
      ].sort(),
    );
  });
});
