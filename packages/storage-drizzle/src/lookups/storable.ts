import { LIMITS } from '@flags/core';

// Lookups of other values are answered without asking the database, whose driver may reject the text
// (PostgreSQL and U+0000) or cut it to the column (MariaDB).
export { isStorableEntity, isStorableText, storableEntities } from '@flags/core/backend';

/** Whether an integer column (`version`, `priority`, `phaseNumber`: signed 32-bit) can hold `value`. */
export function isStorableInteger(value: number): boolean {
  return Number.isInteger(value) && value >= LIMITS.minInteger && value <= LIMITS.maxInteger;
}
