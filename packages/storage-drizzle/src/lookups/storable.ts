import { isWellFormedText, LIMITS } from '@flags/core';

export { isStorableEntity, storableEntities } from '@flags/core/backend';

/**
 * Whether a key, id or name could be stored at all (core's limits), so a lookup of it could find
 * something. Others are answered without asking the database, whose driver may reject the text
 * (PostgreSQL and U+0000) or cut it to the column (MariaDB).
 */
export function isStorableText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LIMITS.maxTextLength && isWellFormedText(value);
}

/** Whether an integer column (`version`, `priority`, `phaseNumber`: signed 32-bit) can hold `value`. */
export function isStorableInteger(value: number): boolean {
  return Number.isInteger(value) && value >= LIMITS.minInteger && value <= LIMITS.maxInteger;
}
