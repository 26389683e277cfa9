import type { EvaluationContext } from '../models/context.js';

const FIELDS = [
  'targetingKey',
  'userId',
  'organizationId',
  'tenantId',
  'environment',
  'appVersion',
  'ipAddress',
  'userAgent',
  'country',
  'timestamp',
] as const;

/** A copy of a context that shares no mutable object with it (so later changes by the caller do not leak in). */
export function snapshotContext(context: EvaluationContext): EvaluationContext {
  const copy: EvaluationContext = { ...context };
  if (context.attributes != null) copy.attributes = { ...context.attributes };
  return copy;
}

/**
 * `context` laid over `base`: each field of `context` that is set (not undefined) wins, and the two
 * `attributes` objects are merged the same way (own keys of `context.attributes` win).
 */
export function mergeContext(base: EvaluationContext, context: EvaluationContext): EvaluationContext {
  const merged: EvaluationContext = {};
  for (const field of FIELDS) {
    const value = context[field] ?? base[field];
    if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
  }
  const baseAttributes = base.attributes;
  const attributes = context.attributes;
  if (baseAttributes != null && attributes != null) merged.attributes = { ...baseAttributes, ...attributes };
  else if (attributes != null || baseAttributes != null) merged.attributes = attributes ?? baseAttributes;
  return merged;
}
