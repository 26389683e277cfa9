import {
  type ConditionInput,
  createCondition,
  createFlag,
  evaluateFlag,
  type FeatureFlag,
  MATCHES_INPUT_LIMIT,
  ValidationError,
} from '@flags/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern } from '../src/evaluation/regex/index.js';

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

/** A flag serving true to contexts whose `email` attribute matches `pattern`. */
function flagMatching(pattern: string): FeatureFlag {
  const flag = createFlag({ key: 'regex', rules: [{ conditions: [matches(pattern)], serveEnabled: true }] });
  return { ...flag, createdAt: new Date(0), updatedAt: new Date(0) };
}

// Patterns that backtrack exponentially (or with a high polynomial) on a backtracking engine: each
// takes seconds to minutes on these inputs with RegExp. The test finishes only if none backtracks.
const ADVERSARIAL: [pattern: string, input: string][] = [
  ['^(a|a)*$', `${'a'.repeat(MATCHES_INPUT_LIMIT - 1)}!`],
  ['^(\\w|\\d)*!$', `${'1'.repeat(MATCHES_INPUT_LIMIT - 1)}?`],
  ['(?:x|x)*y', 'x'.repeat(MATCHES_INPUT_LIMIT)],
  ['^(?:a|b|ab)*c$', 'ab'.repeat(MATCHES_INPUT_LIMIT / 2)],
  ['\\s*\\s*\\s*\\s*#', ' '.repeat(MATCHES_INPUT_LIMIT)],
  ['.*.*.*=', 'x'.repeat(MATCHES_INPUT_LIMIT)],
  ['^(a+)+$', `${'a'.repeat(MATCHES_INPUT_LIMIT - 1)}!`],
  ['(x+x+)+y', 'x'.repeat(MATCHES_INPUT_LIMIT)],
  ['^(\\w+\\s?)*$', `${'word '.repeat(800)}!`],
  ['(a{1,20}){1,20}b', 'a'.repeat(MATCHES_INPUT_LIMIT)],
];

describe('matches never backtracks', () => {
  it.each(ADVERSARIAL)('%s is accepted and evaluates a hostile %#th input without backtracking', (pattern, input) => {
    expect(issuesOf(() => createCondition(matches(pattern)))).toEqual([]);
    const flag = flagMatching(pattern);
    // Inputs longer than the cap are cut, so the worst case is the cap itself, many times over.
    for (let i = 0; i < 5; i++) {
      const details = evaluateFlag(
        flag,
        { attributes: { email: `${input}${'z'.repeat(i * 1000)}` } },
        { defaultValue: false },
      );
      expect(details.reason).toBe('DEFAULT');
    }
    expect(evaluateFlag(flag, { attributes: { email: input } }, { defaultValue: false }).value).toBe(false);
  });

  it('fuzz: random nestings of the adversarial shapes stay usable on long hostile inputs', () => {
    const piece = fc.constantFrom('a', 'a*', 'a+', '(a|a)', '(a|ab)', '\\s*', '.*', '\\w', '(?:a|b)+', 'a{0,3}');
    const pattern = fc
      .array(piece, { minLength: 1, maxLength: 6 })
      .chain((parts) =>
        fc.constantFrom(
          `^(${parts.join('')})*$`,
          `(${parts.join('|')})+!`,
          `${parts.join('')}#`,
          `(?:${parts.join('')})*`,
        ),
      );
    fc.assert(
      fc.property(pattern, fc.constantFrom('a', 'ab', ' ', 'x'), (source, unit) => {
        const test = compilePattern(source);
        const input = unit.repeat(MATCHES_INPUT_LIMIT / unit.length);
        // Nested stars on a backtracking engine would take longer than the test run here.
        expect(typeof test(input), source).toBe('boolean');
      }),
      { numRuns: 60 },
    );
  });
});

describe('matches means what a JavaScript RegExp means', () => {
  it.each([
    ['^user-\\d+$', 'user-42', true],
    ['^user-\\d+$', 'user-', false],
    ['@example\\.com$', 'ann@example.com', true],
    ['@example\\.com$', 'ann@exampleXcom', false],
    ['^[^@]+@[^@]+\\.[a-z]{2,}$', 'a@b.io', true],
    ['^[^@]+@[^@]+\\.[a-z]{2,}$', 'a@b.i', false],
    ['(?<year>\\d{4})-(?<month>\\d{2})', 'on 2024-05', true],
    ['\\bcat\\b', 'a cat!', true],
    ['\\bcat\\b', 'concat', false],
    ['\\Bcat', 'concat', true],
    ['^a.c$', 'a\nc', false],
    ['^[\\s\\S]+$', 'a\nc', true],
    ['[]', 'x', false],
    ['[^]', 'x', true],
    ['a{2,3}?$', 'caaa', true],
    ['a{,2}', 'a{,2}', true],
    ['\\x41\\u0042\\cJ', 'AB\n', true],
    ['[\\w-]+', '-', true],
    ['[a-\\d]', '-', true],
    ['', 'anything', true],
    ['^$', '', true],
    ['(a|)+b', 'b', true],
    ['(?:)*x', 'x', true],
  ])('%s on %j → %s', (source, input, expected) => {
    expect(new RegExp(source).test(input), 'native').toBe(expected);
    expect(compilePattern(source)(input)).toBe(expected);
  });

  it('agrees with RegExp on random patterns and inputs (differential property)', () => {
    const atom = fc.constantFrom('a', 'b', '.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '[a-c]', '\\b', '^', '$', 'x');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '*?', '{0,}');
    const term = fc.tuple(atom, quantifier).map(([a, q]) => (['\\b', '^', '$'].includes(a) ? a : a + q));
    const sequence = fc.array(term, { maxLength: 5 }).map((t) => t.join(''));
    const pattern = fc.oneof(
      sequence,
      fc.tuple(sequence, sequence).map(([a, b]) => `${a}|${b}`),
      fc.tuple(sequence, fc.constantFrom('*', '+', '?', '{1,2}')).map(([a, q]) => `(${a})${q}`),
      fc.tuple(sequence, sequence, sequence).map(([a, b, c]) => `${a}(?:${b}|${c})`),
    );
    const input = fc.stringMatching(/^[ab1 x\n_-]{0,12}$/);
    fc.assert(
      fc.property(pattern, input, (source, text) => {
        expect(compilePattern(source)(text), `/${source}/ on ${JSON.stringify(text)}`).toBe(
          new RegExp(source).test(text),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('what cannot run without backtracking is refused at write time', () => {
  it.each(['(a)\\1', '(?<x>a)\\k<x>', '(?=a)a', '(?!a)b', '(?<=@)x', '(?<!x)y', '(a{100}){100}'])(
    'rejects %s naming the value and the rule',
    (pattern) => {
      const [issue] = issuesOf(() => createCondition(matches(pattern)));
      expect(issue?.path).toBe('value');
      expect(issue?.message).toMatch(/backtracking|steps/);
    },
  );

  it('rejects a pattern that is not JavaScript', () => {
    expect(issuesOf(() => createCondition(matches('(a')))[0]?.message).toMatch(/^invalid regular expression/);
  });

  it('a flag stored with such a pattern evaluates to PARSE_ERROR without running it', () => {
    const valid = createFlag({ key: 'stored', rules: [{ conditions: [matches('^x$')] }] });
    const stored: FeatureFlag = {
      ...valid,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      rules: [{ ...valid.rules[0]!, conditions: [{ attribute: 'email', operator: 'matches', value: '(a)\\1' }] }],
    };
    const details = evaluateFlag(stored, { attributes: { email: 'aa' } }, { defaultValue: true });
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(details.errorMessage).toContain('backtracking');
  });
});
