import { configError } from '../errors/config-error.js';

/** The table prefix used when none is given. */
export const DEFAULT_TABLE_PREFIX = 'ff_';

/**
 * Letters, digits and `_`, starting with a letter or `_`, at most 24 characters: the longest
 * generated name (`<prefix>scheduled_changes_pending_idx`) must stay within PostgreSQL's 63 and
 * MySQL's 64 character identifier limits, and the prefix is spliced into SQL as an identifier.
 */
const TABLE_PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,23}$/;

/**
 * Returns the prefix when it is a safe identifier start.
 * @throws ValidationError naming the rule when it is not.
 */
export function assertTablePrefix(prefix: string): string {
  if (!TABLE_PREFIX_PATTERN.test(prefix)) {
    throw configError(
      'tablePrefix',
      `${JSON.stringify(prefix)} is invalid: use 1-24 letters, digits or "_", not starting with a digit`,
    );
  }
  return prefix;
}
