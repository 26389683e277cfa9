import type { EvaluationContext } from '../models/context.js';
import { isWellFormedText, LIMITS } from '../models/limits.js';
import type { FlagOverride, OverrideEntity } from '../models/override.js';

const present = (id: unknown): id is string => typeof id === 'string' && id.length > 0;

/** Whether an override could be stored for this id: a well-formed string within the limits. */
export const isStorableEntityId = (id: unknown): id is string =>
  typeof id === 'string' && id.length > 0 && id.length <= LIMITS.maxTextLength && isWellFormedText(id);

/**
 * The entities a context names, in probe order — (`user`, userId), (`organization`, organizationId),
 * (`tenant`, tenantId), (`targeting_key`, targetingKey) — skipping ids the context lacks and ids no
 * override can have (not a string, NUL, a lone surrogate, longer than the limit): context values are
 * user input, and such a value must not reach a storage lookup. These are the only entities the
 * client asks the backend about.
 */
export function overrideEntities(context: EvaluationContext): OverrideEntity[] {
  const entities: OverrideEntity[] = [];
  const { userId, organizationId, tenantId, targetingKey } = context;
  if (isStorableEntityId(userId)) entities.push({ entityType: 'user', entityId: userId });
  if (isStorableEntityId(organizationId)) entities.push({ entityType: 'organization', entityId: organizationId });
  if (isStorableEntityId(tenantId)) entities.push({ entityType: 'tenant', entityId: tenantId });
  if (isStorableEntityId(targetingKey)) entities.push({ entityType: 'targeting_key', entityId: targetingKey });
  return entities;
}

function find(
  overrides: readonly FlagOverride[],
  flagId: string,
  entityType: string,
  entityId: unknown,
  nowMs: number,
): FlagOverride | undefined {
  if (!present(entityId)) return undefined;
  for (const override of overrides) {
    if (override.entityType !== entityType || override.entityId !== entityId || override.flagId !== flagId) continue;
    // Backends never return expired overrides; this guards overrides a caller kept around.
    if (override.expiresAt instanceof Date && override.expiresAt.getTime() <= nowMs) continue;
    return override;
  }
  return undefined;
}

/**
 * The override that applies to `context` among `overrides` (in any order): the first found probing
 * user → organization → tenant → targeting_key. Overrides of other flags, and expired ones, are ignored.
 */
export function pickOverride(
  overrides: readonly FlagOverride[],
  flagId: string,
  context: EvaluationContext,
  nowMs: number,
): FlagOverride | undefined {
  return (
    find(overrides, flagId, 'user', context.userId, nowMs) ??
    find(overrides, flagId, 'organization', context.organizationId, nowMs) ??
    find(overrides, flagId, 'tenant', context.tenantId, nowMs) ??
    find(overrides, flagId, 'targeting_key', context.targetingKey, nowMs)
  );
}
