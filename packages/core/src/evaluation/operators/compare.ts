import type { JsonValue } from '../../models/json.js';
import { compilePattern, type PatternTest } from '../regex/index.js';
import { jsonEqual, toEpochMs } from '../values.js';
import type { ValueTest } from './types.js';

/** Longest input a `matches` pattern is run on; longer values are cut, which bounds the regex's work. */
export const MATCHES_INPUT_LIMIT = 4096;

const never: ValueTest = () => false;

/** `eq`: strict equality for primitives, deep equality for arrays and objects. */
export function equals(operand: JsonValue): ValueTest {
  if (typeof operand !== 'object' || operand === null) return (value) => value === operand;
  return (value) => jsonEqual(value, operand);
}

/** `gt`/`gte`/`lt`/`lte`: numbers with numbers, strings with strings (code-unit order); anything else is false. */
export function ordering(operand: JsonValue, accept: (comparison: number) => boolean): ValueTest {
  if (typeof operand === 'number') {
    return (value) => typeof value === 'number' && accept(value - operand);
  }
  if (typeof operand === 'string') {
    return (value) => typeof value === 'string' && accept(value < operand ? -1 : value > operand ? 1 : 0);
  }
  return never;
}

/**
 * `in`: membership in the operand array (a Set built once for primitives). An array attribute is in
 * the list when any of its elements is. A non-array operand never matches.
 */
export function memberOf(operand: JsonValue): ValueTest {
  if (!Array.isArray(operand)) return never;
  const primitives = new Set<unknown>();
  const objects: JsonValue[] = [];
  for (const item of operand) {
    if (typeof item === 'object' && item !== null) objects.push(item);
    else primitives.add(item);
  }
  const inObjects = (value: object): boolean => {
    for (const item of objects) if (jsonEqual(item, value)) return true;
    return false;
  };
  const one = (value: unknown): boolean =>
    typeof value !== 'object' || value === null ? primitives.has(value) : inObjects(value);
  return (value) => {
    // Primitives first: they are nearly every attribute an `in` list is tested with.
    if (typeof value !== 'object') return primitives.has(value);
    if (!Array.isArray(value)) return inObjects(value as object);
    for (const item of value) if (one(item)) return true;
    return false;
  };
}

/** `contains`: substring of a string attribute, or element of an array attribute; other types are false. */
export function contains(operand: JsonValue): ValueTest {
  const isElement = equals(operand);
  return (value) => {
    if (typeof value === 'string') return typeof operand === 'string' && value.includes(operand);
    if (Array.isArray(value)) return value.some(isElement);
    return false;
  };
}

/** `not_contains`: the negation of `contains` for strings and arrays; other types are false (a type mismatch). */
export function notContains(operand: JsonValue): ValueTest {
  const positive = contains(operand);
  return (value) => (typeof value === 'string' || Array.isArray(value)) && !positive(value);
}

/** `starts_with`/`ends_with`: string attribute and string operand only. */
export function affix(operand: JsonValue, atStart: boolean): ValueTest {
  if (typeof operand !== 'string') return never;
  return atStart
    ? (value) => typeof value === 'string' && value.startsWith(operand)
    : (value) => typeof value === 'string' && value.endsWith(operand);
}

/**
 * `matches`: an unanchored test of a JavaScript pattern, compiled once, on a string attribute cut to
 * {@link MATCHES_INPUT_LIMIT} characters, in time linear in the input whatever the pattern (see
 * `compilePattern`). A pattern that is invalid or needs backtracking never matches.
 */
export function matches(operand: JsonValue): ValueTest {
  if (typeof operand !== 'string') return never;
  let pattern: PatternTest;
  try {
    pattern = compilePattern(operand);
  } catch {
    return never;
  }
  return (value) =>
    typeof value === 'string' &&
    pattern(value.length > MATCHES_INPUT_LIMIT ? value.slice(0, MATCHES_INPUT_LIMIT) : value);
}

/** `date_after`/`date_before`: instants compared in epoch ms; an unreadable date on either side is false. */
export function dateOrder(operand: JsonValue, after: boolean): ValueTest {
  const bound = toEpochMs(operand);
  if (Number.isNaN(bound)) return never;
  return after
    ? (value) => toEpochMs(value) > bound // NaN compares false
    : (value) => toEpochMs(value) < bound;
}
