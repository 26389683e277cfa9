import type { z } from 'zod';
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

function expectedType(expected: string): string {
  return ARTICLE[expected] ?? `a ${expected}`;
}

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'an invalid Date' : 'a Date';
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  return typeof input;
}

// Readable defaults for zod's built-in issues; schemas with their own `error` take precedence.
const readableIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${expectedType(issue.expected)}, got ${received(issue.input)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must have at least ${String(issue.minimum)} item(s)`;
    default:
      return undefined;
  }
};

/** Parses `input` with `schema`, turning zod's issues into a {@link ValidationError} for `model`. */
export function parseModel<T>(schema: z.ZodType<T>, input: unknown, model: string): T {
  const result = schema.safeParse(input, { error: readableIssue });
  if (result.success) return result.data;
  // One issue per field: a value that failed its own schema can fail a cross-field check too.
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const path = formatPath(issue.path);
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: issue.message });
  }
  throw new ValidationError(issues, model);
}
