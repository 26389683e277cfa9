import * as v from 'valibot';
import { ValidationError, type ValidationIssue } from '../errors.js';

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

/** Parses `input` with `schema`, turning its issues into a {@link ValidationError} for `model`. */
export function parseModel<T>(schema: v.GenericSchema<unknown, T>, input: unknown, model: string): T {
  const result = v.safeParse(schema, input, { abortEarly: false, message: readableIssue });
  if (result.success) return result.output;
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
