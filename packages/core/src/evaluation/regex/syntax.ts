/**
 * The syntax tree of a `matches` pattern: the part of JavaScript's RegExp syntax (no flags, so UTF-16
 * code units) that a linear-time matcher can run. Backreferences and lookaround need backtracking
 * and are refused ({@link UnsupportedPatternError}).
 */
export type PatternNode =
  | { type: 'unit'; matches: (unit: number) => boolean }
  | { type: 'sequence'; items: PatternNode[] }
  | { type: 'choice'; options: PatternNode[] }
  | { type: 'repeat'; item: PatternNode; min: number; max: number }
  | { type: 'assert'; kind: 'start' | 'end' | 'boundary' | 'not-boundary' };

/** A valid JavaScript pattern that uses what no linear-time matcher can run. */
export class UnsupportedPatternError extends Error {
  override name = 'UnsupportedPatternError';
}

const DIGIT = (u: number) => u >= 48 && u <= 57;
/** `\w`: [A-Za-z0-9_]. */
export const isWordUnit = (u: number): boolean => DIGIT(u) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u === 95;
/** `\s`: JavaScript's WhiteSpace and LineTerminator code units. */
const SPACE = (u: number) =>
  (u >= 9 && u <= 13) ||
  u === 32 ||
  u === 0xa0 ||
  u === 0x1680 ||
  (u >= 0x2000 && u <= 0x200a) ||
  u === 0x2028 ||
  u === 0x2029 ||
  u === 0x202f ||
  u === 0x205f ||
  u === 0x3000 ||
  u === 0xfeff;
/** `.` without the `s` flag: anything but a line terminator. */
const DOT = (u: number) => u !== 10 && u !== 13 && u !== 0x2028 && u !== 0x2029;

const CLASS_ESCAPES: Record<string, (u: number) => boolean> = {
  d: DIGIT,
  D: (u) => !DIGIT(u),
  w: isWordUnit,
  W: (u) => !isWordUnit(u),
  s: SPACE,
  S: (u) => !SPACE(u),
};

const CONTROL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12 };

const unit = (matches: (u: number) => boolean): PatternNode => ({ type: 'unit', matches });
const single = (code: number): PatternNode => unit((u) => u === code);

/** Parses `source` (already known to compile as a JavaScript RegExp without flags). */
export function parsePattern(source: string): PatternNode {
  let pos = 0;
  const peek = () => source[pos];

  const hex = (digits: number): number | null => {
    const text = source.slice(pos, pos + digits);
    if (text.length !== digits || !/^[0-9a-fA-F]+$/.test(text)) return null;
    pos += digits;
    return Number.parseInt(text, 16);
  };

  /** After a `\` (outside or inside a class): a code unit, or a class test. */
  const readEscape = (inClass: boolean): number | ((u: number) => boolean) => {
    const c = source[pos++];
    if (c === undefined) throw new UnsupportedPatternError('trailing backslash');
    if (c in CLASS_ESCAPES) return CLASS_ESCAPES[c]!;
    if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c]!;
    if (c === 'b' && inClass) return 8;
    if (c === '0' && !/[0-9]/.test(peek() ?? '')) return 0;
    if (/[1-9]/.test(c) || c === 'k') {
      throw new UnsupportedPatternError('backreferences need backtracking');
    }
    if (c === 'x') return hex(2) ?? 0x78;
    if (c === 'u') return hex(4) ?? 0x75;
    if (c === 'c') {
      const letter = peek();
      if (letter !== undefined && /[A-Za-z]/.test(letter)) {
        pos++;
        return letter.charCodeAt(0) % 32;
      }
      return 0x5c; // `\c` without a letter is a backslash followed by `c`
    }
    return c.charCodeAt(0);
  };

  const characterClass = (): PatternNode => {
    const negated = peek() === '^';
    if (negated) pos++;
    const tests: ((u: number) => boolean)[] = [];
    const atom = (): number | ((u: number) => boolean) => {
      const c = source[pos++]!;
      return c === '\\' ? readEscape(true) : c.charCodeAt(0);
    };
    while (peek() !== ']') {
      if (peek() === undefined) throw new UnsupportedPatternError('unterminated class');
      const from = atom();
      if (peek() === '-' && source[pos + 1] !== ']' && source[pos + 1] !== undefined && typeof from === 'number') {
        const save = pos;
        pos++;
        const to = atom();
        if (typeof to === 'number') {
          tests.push((u) => u >= from && u <= to);
          continue;
        }
        pos = save; // `[a-\d]`: the `-` is a literal
      }
      tests.push(typeof from === 'number' ? (u) => u === from : from);
    }
    pos++;
    const any = (u: number) => tests.some((test) => test(u));
    return unit(negated ? (u) => !any(u) : any);
  };

  /** `{n}`, `{n,}`, `{n,m}` at `pos`, or null (then `{` is a literal). */
  const braces = (): { min: number; max: number } | null => {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
    if (!match) return null;
    pos += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
    return { min, max };
  };

  const atom = (): PatternNode => {
    const c = source[pos++]!;
    switch (c) {
      case '.':
        return unit(DOT);
      case '^':
        return { type: 'assert', kind: 'start' };
      case '$':
        return { type: 'assert', kind: 'end' };
      case '[':
        return characterClass();
      case '(': {
        if (source.startsWith('?:', pos)) pos += 2;
        else if (/^\?<[A-Za-z_$]/.test(source.slice(pos))) pos = source.indexOf('>', pos) + 1;
        else if (peek() === '?') throw new UnsupportedPatternError('lookaround needs backtracking');
        const inner = alternation();
        pos++; // ')'
        return inner;
      }
      case '\\': {
        if (peek() === 'b' || peek() === 'B') {
          pos++;
          return { type: 'assert', kind: source[pos - 1] === 'b' ? 'boundary' : 'not-boundary' };
        }
        const escaped = readEscape(false);
        return typeof escaped === 'number' ? single(escaped) : unit(escaped);
      }
      default:
        return single(c.charCodeAt(0));
    }
  };

  const quantified = (): PatternNode => {
    let item = atom();
    for (;;) {
      const c = peek();
      let bounds: { min: number; max: number } | null = null;
      if (c === '*') bounds = { min: 0, max: Number.POSITIVE_INFINITY };
      else if (c === '+') bounds = { min: 1, max: Number.POSITIVE_INFINITY };
      else if (c === '?') bounds = { min: 0, max: 1 };
      if (bounds) pos++;
      else if (c === '{') bounds = braces();
      if (!bounds) return item;
      if (peek() === '?') pos++; // lazy: the same language, and `test` only asks whether it matches
      item = { type: 'repeat', item, ...bounds };
    }
  };

  const sequence = (): PatternNode => {
    const items: PatternNode[] = [];
    while (pos < source.length && peek() !== '|' && peek() !== ')') items.push(quantified());
    return items.length === 1 ? items[0]! : { type: 'sequence', items };
  };

  const alternation = (): PatternNode => {
    const options = [sequence()];
    while (peek() === '|') {
      pos++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { type: 'choice', options };
  };

  const tree = alternation();
  if (pos !== source.length) throw new UnsupportedPatternError(`unexpected "${source[pos]}"`);
  return tree;
}
