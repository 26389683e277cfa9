import type { OverrideEntity } from '@flags/core';

// The limits of what a stored record can hold (core's validation enforces them on every write): a
// lookup past them finds nothing by definition, so it is answered without asking the database,
// whose driver may reject the text (PostgreSQL and U+0000) or cut it to the column (MariaDB).
const MAX_TEXT_LENGTH = 255;
const MAX_ENTITY_TYPE_LENGTH = 64;

/** Well-formed UTF-16 (no lone surrogate) without U+0000: what every dialect stores exactly. */
function isWellFormedText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) return false;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** Whether a key, id or name could be stored at all (so a lookup of it could find something). */
export function isStorableText(value: unknown, maxLength: number = MAX_TEXT_LENGTH): value is string {
  return typeof value === 'string' && value.length <= maxLength && isWellFormedText(value);
}

/** Whether an override of this entity could be stored at all. */
export function isStorableEntity(entity: OverrideEntity): boolean {
  return isStorableText(entity.entityType, MAX_ENTITY_TYPE_LENGTH) && isStorableText(entity.entityId);
}

/** The entities an override could exist for; the same array when all can. */
export function storableEntities(entities: readonly OverrideEntity[]): readonly OverrideEntity[] {
  return entities.every(isStorableEntity) ? entities : entities.filter(isStorableEntity);
}
