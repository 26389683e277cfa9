import * as v from 'valibot';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { isWellFormedText } from '../models/limits.js';

/** `['rules', 2, 'conditions', 0, 'operator']` → `rules[2].conditions[0].operator`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

const ARTICLE: Record<string, string> = { array: 'an array', object: 'an object', int: 'an integer' };

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'an invalid Date' : 'a Date';
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  return typeof input;
}

/**
 * `value` as a message quotes it: its JSON text, or what it is when it has none (a bigint, a symbol, a
 * cycle, a throwing `toJSON`). Never throws: messages are built from whatever a caller passed.
 */
export function show(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text;
  } catch {
    // Not JSON: described below.
  }
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  return 'a value that is not JSON';
}

/** `is required` for a missing value, else `must be <a type>, got <what it is>`. */
export function typeMismatch(expected: string, input: unknown): string {
  if (input === undefined) return 'is required';
  return `must be ${ARTICLE[expected] ?? `a ${expected}`}, got ${received(input)}`;
}

// Readable defaults for the schema library's built-in issues; schemas with their own message take precedence.
const readableIssue = (issue: v.BaseIssue<unknown>): string => {
  // `key`: a required field is missing; `type`: the value has the wrong type.
  if (issue.kind === 'schema') return typeMismatch(issue.type, issue.input);
  return issue.message;
};

type AddIssue = (info: { message: string; path?: [v.IssuePathItem, ...v.IssuePathItem[]] }) => void;

/** Adapts a schema check's `addIssue` to reporting by field path (`['rules', 0, 'id']`). */
export function report(addIssue: AddIssue) {
  return (path: readonly (string | number)[], message: string): void => {
    const items = path.map(
      (key): v.IssuePathItem => ({ type: 'unknown', origin: 'value', input: undefined, key, value: undefined }),
    );
    addIssue(items.length > 0 ? { message, path: items as [v.IssuePathItem, ...v.IssuePathItem[]] } : { message });
  };
}

// A quick native scan; only text it flags gets the exact pair check.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is one of the characters it looks for.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const ILL_FORMED =
  'must be well-formed text: no lone surrogate (half of a UTF-16 pair, which UTF-8 cannot encode) and no U+0000';

/**
 * Reports every string of a parsed model — field values, list items, JSON values and JSON object
 * keys — that some backend cannot store exactly, at its path. Models hold no cycles and bounded
 * JSON, so the recursion stays shallow.
 */
function findIllFormed(value: unknown, path: (string | number)[], issues: ValidationIssue[]): void {
  if (typeof value === 'string') {
    if (SUSPECT.test(value) && !isWellFormedText(value)) issues.push({ path: formatPath(path), message: ILL_FORMED });
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      findIllFormed(value[i], path, issues);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (SUSPECT.test(key) && !isWellFormedText(key)) issues.push({ path: formatPath(path), message: ILL_FORMED });
    else findIllFormed((value as Record<string, unknown>)[key], path, issues);
    path.pop();
  }
}

/**
 * Parses `input` with `schema`, turning its issues into a {@link ValidationError} for `model`. Every
 * string of the result must be well-formed text (see {@link isWellFormedText}), whatever field holds it.
 */
export function parseModel<T>(schema: v.GenericSchema<unknown, T>, input: unknown, model: string): T {
  const result = v.safeParse(schema, input, { abortEarly: false, message: readableIssue });
  if (result.success) {
    const illFormed: ValidationIssue[] = [];
    findIllFormed(result.output, [], illFormed);
    if (illFormed.length > 0) throw new ValidationError(illFormed, model);
    return result.output;
  }
  // One issue per field: a value that failed its own schema can fail a cross-field check too.
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const issue of result.issues) {
    const path = formatPath((issue.path ?? []).map((item) => item.key as PropertyKey));
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: issue.message });
  }
  throw new ValidationError(issues, model);
}
