import { compileProgram, runProgram } from './program.js';
import { parsePattern, UnsupportedPatternError } from './syntax.js';

export { UnsupportedPatternError } from './syntax.js';

/** Whether a compiled pattern occurs in `input`. */
export type PatternTest = (input: string) => boolean;

/**
 * Compiles a `matches` pattern into a test whose time is linear in the input (times the pattern's
 * size) for every pattern: a Thompson NFA run in lock step, never backtracking. Patterns without
 * quantifiers or alternation cannot backtrack either (each start position costs at most the
 * pattern's length), so they run on the native RegExp, which is faster.
 * @throws SyntaxError when `source` is no valid JavaScript pattern.
 * @throws UnsupportedPatternError for backreferences and lookaround (they need backtracking), or a
 * pattern whose counted repeats compile past the program limit.
 */
export function compilePattern(source: string): PatternTest {
  const native = new RegExp(source);
  const tree = parsePattern(source);
  if (!/[*+?{|]/.test(source.replace(/\\./g, ''))) return (input) => native.test(input);
  const program = compileProgram(tree);
  return (input) => runProgram(program, input);
}

/** Why `source` cannot be a `matches` pattern, or null when it can. */
export function patternProblem(source: string): string | null {
  try {
    compilePattern(source);
    return null;
  } catch (error) {
    if (error instanceof UnsupportedPatternError) {
      return `regular expression ${JSON.stringify(source)} cannot run in linear time: ${error.message}`;
    }
    return `invalid regular expression ${JSON.stringify(source)}`;
  }
}
