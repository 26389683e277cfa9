/**
 * What every model value must stay within: what every backend (SQLite, PostgreSQL, MySQL/MariaDB,
 * Redis, memory) can store exactly. Validation enforces them on every write, so a value past a limit is
 * a `ValidationError` naming the field on every backend, never a `StorageError` on some.
 */
export const LIMITS = {
  /** Longest key, id, name, variant key, segment name, override `entityId`, lease owner and tag (UTF-16 code units). */
  maxTextLength: 255,
  /** Longest override `entityType`. */
  maxEntityTypeLength: 64,
  /** Smallest `priority`, `phaseNumber`, `version` (signed 32-bit, what SQL `INTEGER` columns hold). */
  minInteger: -2_147_483_648,
  /** Largest `priority`, `phaseNumber`, `version`. */
  maxInteger: 2_147_483_647,
  /**
   * Deepest nesting of a JSON value (`defaultValue`, `metadata`, condition values…): the count of
   * objects/arrays inside one another, the value itself included (`"x"` is 0, `{ a: [1] }` is 2).
   * MariaDB holds at most 31 in one JSON column, and a condition value sits two levels down in its
   * rule's `conditions` column (array → condition object → value): 29 fits everywhere.
   */
  maxJsonDepth: 29,
  /** Earliest date (ms since the epoch): 1970-01-01T00:00:00.000Z. */
  minDateMs: 0,
  /** Latest date (ms since the epoch): 9999-12-31T23:59:59.999Z, the last a SQL timestamp holds. */
  maxDateMs: 253_402_300_799_999,
  /** Most rules of one flag. */
  maxRules: 1_000,
  /** Most variants of one flag. */
  maxVariants: 1_000,
  /** Most conditions of one rule or segment. */
  maxConditions: 100,
  /** Most prerequisites of one flag. */
  maxPrerequisites: 100,
} as const;

/**
 * Whether `text` can be stored exactly by every backend: well-formed UTF-16 (no lone surrogate, which
 * UTF-8 cannot encode) and no U+0000 (PostgreSQL text cannot hold it).
 */
export function isWellFormedText(text: string): boolean {
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
