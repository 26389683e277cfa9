import type { EvaluationContext } from '@flags/core';
import { UsageError } from '../usage-error.js';

/**
 * The `--context` JSON: an object of context fields (`targetingKey`, `userId`, …, `attributes`);
 * `timestamp` may be an ISO-8601 string. Top-level keys that are not context fields become attributes,
 * so `{"targetingKey":"u1","plan":"pro"}` works as well.
 * @throws UsageError when it is not a JSON object.
 */
export function parseContext(text: string | undefined): EvaluationContext {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--context is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--context must be a JSON object, e.g. {"targetingKey":"user-1","attributes":{"plan":"pro"}}');
  }
  const known = new Set([
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
    'attributes',
  ]);
  const context: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (known.has(key)) context[key] = field;
    else attributes[key] = field;
  }
  if (typeof context.timestamp === 'string' || typeof context.timestamp === 'number') {
    const at = new Date(context.timestamp);
    if (Number.isNaN(at.getTime()))
      throw new UsageError(`--context timestamp is not a date: ${String(context.timestamp)}`);
    context.timestamp = at;
  }
  if (Object.keys(attributes).length > 0) {
    const given = context.attributes;
    context.attributes = { ...attributes, ...(typeof given === 'object' && given !== null ? given : {}) };
  }
  return context as EvaluationContext;
}
