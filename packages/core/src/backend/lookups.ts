import type { OverrideEntity } from '../models/index.js';
import { isWellFormedText, LIMITS } from '../models/limits.js';

/**
 * Whether a key, id or name could be stored at all: a well-formed string (no NUL, no lone surrogate)
 * within {@link LIMITS}' `maxTextLength`. A lookup or delete of any other value finds nothing by
 * definition, so backends answer it without asking the store — whose encoding might turn it into a
 * stored value (UTF-8 makes `x\uD800` and `x\uDFFF` both `x\uFFFD`) or cut it to a stored prefix.
 */
export function isStorableText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LIMITS.maxTextLength && isWellFormedText(value);
}

/**
 * Whether an override of this entity could be stored at all: type and id are well-formed strings (no
 * NUL, no lone surrogate) within {@link LIMITS}. A lookup of any other entity finds nothing by
 * definition, so backends answer it without asking the store (whose driver may reject such text).
 */
export function isStorableEntity(entity: OverrideEntity): boolean {
  const { entityType, entityId } = entity;
  return (
    typeof entityType === 'string' &&
    typeof entityId === 'string' &&
    entityType.length > 0 &&
    entityType.length <= LIMITS.maxEntityTypeLength &&
    entityId.length > 0 &&
    entityId.length <= LIMITS.maxTextLength &&
    isWellFormedText(entityType) &&
    isWellFormedText(entityId)
  );
}

/** The entities of `entities` an override could exist for ({@link isStorableEntity}); the same array when all can. */
export function storableEntities(entities: readonly OverrideEntity[]): readonly OverrideEntity[] {
  for (let i = 0; i < entities.length; i++) {
    if (!isStorableEntity(entities[i]!)) return entities.filter(isStorableEntity);
  }
  return entities;
}
