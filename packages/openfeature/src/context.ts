import { type EvaluationContext as FlagsContext, fromFlatContext } from '@flags/core';
import type { EvaluationContext } from '@openfeature/server-sdk';

/** An own key holding a string (inherited keys are never read, as in `fromFlatContext`). */
function text(context: EvaluationContext, name: string): string | undefined {
  const value = Object.hasOwn(context, name) ? context[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The OpenFeature context as a @flags context, evaluating exactly as `fromFlatContext(context)` does
 * but without copying every attribute on every evaluation: the known string fields are read by name
 * (own keys only) and the flat object itself serves as `attributes`. That is the same answer because
 * @flags reads a condition's attribute from the context field when it is set and otherwise from the
 * OWN key of that name in `attributes` — which is exactly where `fromFlatContext` puts every other
 * top-level key, a known field of another type included. A context carrying its own `attributes` key
 * (the nested @flags shape, merged under the top-level keys) goes through `fromFlatContext`.
 */
export function toFlagsContext(context: EvaluationContext): FlagsContext {
  if (context === null || typeof context !== 'object' || Object.hasOwn(context, 'attributes')) {
    return fromFlatContext(context);
  }
  const timestamp = Object.hasOwn(context, 'timestamp') ? context.timestamp : undefined;
  return {
    targetingKey: text(context, 'targetingKey'),
    userId: text(context, 'userId'),
    organizationId: text(context, 'organizationId'),
    tenantId: text(context, 'tenantId'),
    environment: text(context, 'environment'),
    appVersion: text(context, 'appVersion'),
    ipAddress: text(context, 'ipAddress'),
    userAgent: text(context, 'userAgent'),
    country: text(context, 'country'),
    timestamp: timestamp instanceof Date && !Number.isNaN(timestamp.getTime()) ? timestamp : undefined,
    attributes: context as Record<string, unknown>,
  };
}
