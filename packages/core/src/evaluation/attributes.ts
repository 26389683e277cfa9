import type { EvaluationContext } from '../models/context.js';

/** Reads one attribute of a context; `undefined` when the context lacks it. */
export type AttributeReader = (context: EvaluationContext) => unknown;

type FieldReader = (name: string) => AttributeReader;

// One reader per context field, each reading its property by name (a monomorphic load) and falling
// back to the own attribute of the condition's spelling, as litestar-flags does.
const camel = {
  targetingKey: (name) => (c) => c.targetingKey ?? ownAttribute(c.attributes, name),
  userId: (name) => (c) => c.userId ?? ownAttribute(c.attributes, name),
  organizationId: (name) => (c) => c.organizationId ?? ownAttribute(c.attributes, name),
  tenantId: (name) => (c) => c.tenantId ?? ownAttribute(c.attributes, name),
  environment: (name) => (c) => c.environment ?? ownAttribute(c.attributes, name),
  appVersion: (name) => (c) => c.appVersion ?? ownAttribute(c.attributes, name),
  ipAddress: (name) => (c) => c.ipAddress ?? ownAttribute(c.attributes, name),
  userAgent: (name) => (c) => c.userAgent ?? ownAttribute(c.attributes, name),
  country: (name) => (c) => c.country ?? ownAttribute(c.attributes, name),
  // The evaluation time, now unless the context says otherwise.
  timestamp: (name) => (c) => c.timestamp ?? ownAttribute(c.attributes, name) ?? new Date(),
} satisfies Record<Exclude<keyof EvaluationContext, 'attributes'>, FieldReader>;

// Condition names of the context's own fields: camelCase, and the snake_case spellings that keep
// conditions written for litestar-flags working. A Map, so no prototype key can resolve to a field.
const CONTEXT_FIELDS = new Map<string, FieldReader>();
for (const [field, reader] of Object.entries(camel)) {
  CONTEXT_FIELDS.set(field, reader);
  CONTEXT_FIELDS.set(
    field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    reader,
  );
}

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
  return field === undefined ? (context) => ownAttribute(context.attributes, name) : field(name);
}
