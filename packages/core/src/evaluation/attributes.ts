import type { EvaluationContext } from '../models/context.js';

/** Reads one attribute of a context; `undefined` when the context lacks it. */
export type AttributeReader = (context: EvaluationContext) => unknown;

type ContextField = Exclude<keyof EvaluationContext, 'attributes'>;

// Condition names for the context's own fields. The snake_case spellings keep conditions written for
// litestar-flags working unchanged. A Map, so that no prototype key can ever resolve to a field.
const CONTEXT_FIELDS = new Map<string, ContextField>([
  ['targetingKey', 'targetingKey'],
  ['targeting_key', 'targetingKey'],
  ['userId', 'userId'],
  ['user_id', 'userId'],
  ['organizationId', 'organizationId'],
  ['organization_id', 'organizationId'],
  ['tenantId', 'tenantId'],
  ['tenant_id', 'tenantId'],
  ['environment', 'environment'],
  ['appVersion', 'appVersion'],
  ['app_version', 'appVersion'],
  ['ipAddress', 'ipAddress'],
  ['ip_address', 'ipAddress'],
  ['userAgent', 'userAgent'],
  ['user_agent', 'userAgent'],
  ['country', 'country'],
  ['timestamp', 'timestamp'],
]);

/**
 * The value of an OWN key of `attributes`; never a prototype key, so `__proto__`, `constructor` or
 * `toString` are missing unless the caller set them on the object itself.
 */
export function ownAttribute(attributes: Record<string, unknown> | undefined, name: string): unknown {
  return attributes != null && Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}

/**
 * Builds the reader of a condition's `attribute`, once per compiled condition.
 *
 * A context field (`userId`, or its litestar spelling `user_id`, …) wins when set; otherwise the own
 * key of `attributes` with the condition's exact name is read (as litestar-flags does). `timestamp`
 * falls back to the evaluation time, now.
 */
export function compileAttributeReader(name: string): AttributeReader {
  const field = CONTEXT_FIELDS.get(name);
  if (field === undefined) return (context) => ownAttribute(context.attributes, name);
  if (field === 'timestamp') {
    return (context) => context.timestamp ?? ownAttribute(context.attributes, name) ?? new Date();
  }
  return (context) => context[field] ?? ownAttribute(context.attributes, name);
}
