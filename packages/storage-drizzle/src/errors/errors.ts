import { StorageError } from '@flags/core';
import { toStorageError } from '@flags/core/backend';

export { maskUrl } from '@flags/core/backend';

/** Every message of this package starts with it. */
export const PACKAGE = '[@flags/storage-drizzle]';

type ErrorLike = { message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };

/**
 * The driver's own error: drizzle wraps it (`DrizzleQueryError`, message "Failed query: …" with the
 * SQL and parameters) in `cause`; Node's connect wraps per-address failures in an AggregateError.
 */
export function driverError(error: unknown): ErrorLike | undefined {
  let current = error as ErrorLike | undefined;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    if (current.code !== undefined) return current;
    if (current.cause && typeof current.cause === 'object') current = current.cause as ErrorLike;
    else if (Array.isArray(current.errors) && current.errors.length > 0) current = current.errors[0] as ErrorLike;
    else return current;
  }
  return current && typeof current === 'object' ? current : undefined;
}

/** The driver's error code (SQLSTATE, `ER_…`, `SQLITE_…`, `ECONNREFUSED`…), if any. */
export function driverCode(error: unknown): string | undefined {
  const code = driverError(error)?.code;
  return code === undefined ? undefined : String(code);
}

/** What to do when the tables are missing; every "missing table" StorageError ends with it. */
export const MISSING_TABLES_HINT =
  'the @flags tables are missing: pass `createTables: true` to createStorage() / DrizzleStorageBackend.create(), or run `migrate(db)` from the dialect entry (e.g. @flags/storage-drizzle/pg) once';

/** Whether the driver says a table does not exist (PostgreSQL 42P01, MySQL ER_NO_SUCH_TABLE, SQLite "no such table"). */
export function isMissingTable(error: unknown): boolean {
  const inner = driverError(error);
  const code = inner?.code === undefined ? '' : String(inner.code);
  if (code === '42P01' || code === 'ER_NO_SUCH_TABLE') return true;
  return typeof inner?.message === 'string' && /\bno such table\b/i.test(inner.message);
}

/** Turns any failure of the store into a `StorageError` naming the operation and the (masked) target. */
export class ErrorMapper {
  /** @param target what the backend talks to, already masked (e.g. `postgres://app:***@db:5432/flags`). */
  constructor(private readonly target: string) {}

  /** The StorageError for `operation` failing with `error` (the driver's own error, unwrapped from drizzle's). */
  storage(operation: string, error: unknown): StorageError {
    const inner = driverError(error);
    const cause = inner instanceof Error ? inner : error;
    const mapped = toStorageError(cause, {
      packageName: PACKAGE,
      operation,
      target: this.target,
    }) as StorageError;
    if (!(mapped instanceof StorageError) || !isMissingTable(error)) return mapped;
    return new StorageError(`${mapped.message} — ${MISSING_TABLES_HINT}`);
  }

  /** The StorageError for `operation` getting no answer within `ms`. */
  timeout(operation: string, ms: number): StorageError {
    return this.storage(operation, noAnswer(ms));
  }
}

/** The error of an operation that got no answer within `ms` (its code shows in the StorageError message). */
export function noAnswer(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms (connecting included)`), { code: 'ETIMEDOUT' });
}
