import { FLAG_TYPES, type FlagType } from '../models/enums.js';
import type { JsonValue } from '../models/json.js';
import { isRecord, type Report } from './primitives.js';

/** Why `value` cannot be served by a flag of `flagType`, or null when it can. */
export function valueTypeProblem(flagType: FlagType, value: JsonValue): string | null {
  switch (flagType) {
    case 'boolean':
      return value === null || typeof value === 'boolean' ? null : 'must be a boolean or null on a boolean flag';
    case 'string':
      return typeof value === 'string' ? null : 'must be a string on a string flag';
    case 'number':
      return typeof value === 'number' ? null : 'must be a finite number on a number flag';
    default:
      return null; // json: any JSON value, checked by the field's own schema
  }
}

type Record_ = Record<string, unknown>;
const records = (v: unknown): Record_[] => (Array.isArray(v) ? v.filter(isRecord) : []);

function duplicates(items: readonly Record_[], field: string): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  items.forEach((item, index) => {
    const key = item[field];
    if (typeof key !== 'string') return;
    if (seen.has(key)) repeated.push(index);
    seen.add(key);
  });
  return repeated;
}

const isWeight = (w: unknown): w is number => Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 100;

/**
 * The checks that span several fields of a flag. They also run when other fields already failed (so
 * one round of errors lists every broken rule), hence the defensive reading of `flag`: a field that
 * failed its own schema still holds the raw input.
 */
export function checkFlag(flag: unknown, issue: Report): void {
  if (!isRecord(flag)) return;
  const flagType = flag.flagType as FlagType;
  const rules = Array.isArray(flag.rules) ? flag.rules : [];
  const variants = Array.isArray(flag.variants) ? flag.variants : [];
  if (FLAG_TYPES.includes(flagType)) {
    const problem = valueTypeProblem(flagType, flag.defaultValue as JsonValue);
    if (problem) issue(['defaultValue'], problem);
    if (flagType !== 'boolean') {
      rules.forEach((rule, i) => {
        const ruleProblem = isRecord(rule) ? valueTypeProblem(flagType, rule.serveValue as JsonValue) : null;
        if (ruleProblem) issue(['rules', i, 'serveValue'], ruleProblem);
      });
    }
  }
  const prerequisites = records(flag.prerequisites);
  prerequisites.forEach((prerequisite, i) => {
    if (prerequisite.flagKey === flag.key && typeof flag.key === 'string')
      issue(['prerequisites', i, 'flagKey'], 'a flag cannot be its own prerequisite');
  });
  for (const i of duplicates(prerequisites, 'flagKey'))
    issue(['prerequisites', i, 'flagKey'], 'duplicate prerequisite flag in this flag');
  for (const i of duplicates(records(rules), 'id')) issue(['rules', i, 'id'], 'duplicate rule id in this flag');
  for (const i of duplicates(records(variants), 'key'))
    issue(['variants', i, 'key'], 'duplicate variant key in this flag');
  for (const i of duplicates(records(variants), 'id'))
    issue(['variants', i, 'id'], 'duplicate variant id in this flag');
  const weights = variants.map((v) => (isRecord(v) ? v.weight : undefined));
  // Only a sum of valid weights says something beyond the per-weight issues already reported.
  if (weights.length > 0 && weights.every(isWeight)) {
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (total !== 100) issue(['variants'], `variant weights must sum to 100, got ${total}`);
  }
}
