import {
  type ConditionInput,
  createCondition,
  createFlag,
  createSegment,
  evaluateFlag,
  type FeatureFlag,
  ValidationError,
} from '@flags/core';
import { describe, expect, it } from 'vitest';

function issuesOf(run: () => unknown): readonly { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

const matches = (value: string): ConditionInput => ({ attribute: 'email', operator: 'matches', value });

describe('matches patterns that backtrack catastrophically are rejected at write time', () => {
  it.each([
    '^(a+)+$',
    '(a*)*',
    '(.*)*x',
    '(x+x+)+y',
    '((ab)*)*',
    '^(\\w+\\s?)*$',
    '(?:[a-z]+\\.)+(?:com)+$',
    // Lookbehind is read as a lookahead of the same shape, so it hides nothing.
    '(?<=@)(a+)+$',
    '(?<!x)(\\d+)*$',
  ])('rejects %s naming the value and the rule', (pattern) => {
    const [issue] = issuesOf(() => createCondition(matches(pattern)));
    expect(issue?.path).toBe('value');
    expect(issue?.message).toBe(
      `regular expression ${JSON.stringify(pattern)} can backtrack catastrophically: it nests a quantifier inside a quantified group, as (a+)+ does, or holds more than 25 quantifiers`,
    );
  });

  it('rejects a pattern of more than 25 quantifiers and accepts 25', () => {
    expect(issuesOf(() => createCondition(matches('a?'.repeat(25))))).toEqual([]);
    expect(issuesOf(() => createCondition(matches('a?'.repeat(26))))[0]?.message).toContain('more than 25 quantifiers');
  });

  it.each([
    '^user-\\d+$',
    '@example\\.com$',
    '^[^@]+@[^@]+\\.[a-z]{2,}$',
    '(?:a|b)+c',
    '(?<=@)example\\.com$',
    '(?<!test-)user',
    '(?<year>\\d{4})-(?<month>\\d{2})',
    '^a{4096}$',
    '',
  ])('accepts %s', (pattern) => {
    expect(issuesOf(() => createCondition(matches(pattern)))).toEqual([]);
  });

  it('names the rule and condition on a flag, and the condition on a segment', () => {
    const flag = () =>
      createFlag({
        key: 'f',
        rules: [
          { conditions: [matches('@example\\.com$')] },
          { conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }, matches('^(a+)+$')] },
        ],
      });
    expect(issuesOf(flag).map((issue) => issue.path)).toEqual(['rules[1].conditions[1].value']);
    const segment = () => createSegment({ name: 's', conditions: [matches('(a*)*')] });
    expect(issuesOf(segment).map((issue) => issue.path)).toEqual(['conditions[0].value']);
  });

  it('a flag stored with such a pattern before the check (or elsewhere) evaluates to PARSE_ERROR without running it', () => {
    const valid = createFlag({ key: 'stored', rules: [{ conditions: [matches('^x$')] }] });
    const stored: FeatureFlag = {
      ...valid,
      rules: [{ ...valid.rules[0]!, conditions: [{ attribute: 'email', operator: 'matches', value: '^(a+)+$' }] }],
    };
    // 30 characters take this pattern seconds to reject; PARSE_ERROR means the pattern never ran.
    const details = evaluateFlag(stored, { attributes: { email: `${'a'.repeat(30)}!` } }, { defaultValue: true });
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(details.errorMessage).toContain('backtrack catastrophically');
  });
});
