import { ValidationError, type ValidationIssue } from '../errors.js';

/**
 * The fields every stored flag holds (its rules and variants likewise). A stored document lacking one
 * was not written by @flags — a litestar-flags document under the same key, a hand edit — and must not
 * be read with the write-time defaults filling the gap (a `defaultEnabled: true` spelled
 * `default_enabled` would silently serve `false`).
 */
const FLAG_FIELDS = [
  'id',
  'key',
  'name',
  'flagType',
  'status',
  'defaultEnabled',
  'defaultValue',
  'tags',
  'metadata',
  'rules',
  'variants',
  'version',
  'createdAt',
  'updatedAt',
] as const;
const RULE_FIELDS = [
  'id',
  'name',
  'priority',
  'enabled',
  'conditions',
  'serveEnabled',
  'serveValue',
  'rolloutPercentage',
] as const;
const VARIANT_FIELDS = ['id', 'key', 'name', 'value', 'weight'] as const;

function missing(value: unknown, fields: readonly string[], at: string, issues: ValidationIssue[]): void {
  if (typeof value !== 'object' || value === null) {
    issues.push({ path: at, message: 'must be an object' });
    return;
  }
  for (const field of fields) {
    // `undefined` counts as missing: backends copy stored flags field by field, absent fields included.
    if ((value as Record<string, unknown>)[field] === undefined)
      issues.push({ path: at ? `${at}.${field}` : field, message: 'is missing from the stored flag' });
  }
}

/**
 * Checks that a flag read from storage has every stored field, so that it is never completed with
 * defaults. Evaluation reports such a flag as `PARSE_ERROR`.
 * @throws ValidationError naming each missing field.
 */
export function assertStoredFlag(flag: unknown): void {
  const issues: ValidationIssue[] = [];
  missing(flag, FLAG_FIELDS, '', issues);
  const { rules, variants } = (flag ?? {}) as { rules?: unknown; variants?: unknown };
  if (Array.isArray(rules)) {
    for (const [i, rule] of rules.entries()) missing(rule, RULE_FIELDS, `rules[${i}]`, issues);
  }
  if (Array.isArray(variants)) {
    for (const [i, variant] of variants.entries()) missing(variant, VARIANT_FIELDS, `variants[${i}]`, issues);
  }
  if (issues.length > 0) throw new ValidationError(issues, 'stored flag');
}
