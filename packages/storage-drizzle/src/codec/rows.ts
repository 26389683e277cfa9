import type { FeatureFlag } from '@flags/core';
import { type Field, FLAG_FIELDS, RULE_FIELDS, VARIANT_FIELDS } from '../schema/fields.js';

/**
 * The column values of a model for an insert or update: the properties the document fields name
 * (table columns carry the model's property names), minus `omit`.
 */
export function rowOf(model: object, fields: readonly Field[], omit: readonly string[] = []): Record<string, unknown> {
  const source = model as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const [property] of fields) {
    // An absent optional field is NULL (an update must clear it, and drizzle skips `undefined`).
    if (!omit.includes(property)) row[property] = source[property] === undefined ? null : source[property];
  }
  return row;
}

/** The flag's own row. */
export const flagRow = (flag: FeatureFlag) => rowOf(flag, FLAG_FIELDS);

/** The rule rows of a flag, `position` keeping list order. */
export const ruleRows = (flag: FeatureFlag) =>
  flag.rules.map((rule, position) => ({ ...rowOf(rule, RULE_FIELDS, ['position']), flagId: flag.id, position }));

/** The variant rows of a flag, `position` keeping list order. */
export const variantRows = (flag: FeatureFlag) =>
  flag.variants.map((variant, position) => ({
    ...rowOf(variant, VARIANT_FIELDS, ['position']),
    flagId: flag.id,
    position,
  }));
