import { ConflictError, NotFoundError, StorageError } from '../errors.js';

// One wording for the errors every backend raises, so users see the same message whatever the store.

/** `[pkg] no flag has id "…"`: a write referred to a record that does not exist. */
export function notFoundError(packageName: string, model: string, field: string, value: string): NotFoundError {
  return new NotFoundError(`${packageName} no ${model} has ${field} "${value}"`);
}

/** `[pkg] flag key "…" is taken`: a unique key or id is in use. */
export function takenError(packageName: string, model: string, field: string, value: string): ConflictError {
  return new ConflictError(`${packageName} ${model} ${field} "${value}" is taken`);
}

/** `[pkg] flag "…" is at version 3, the update carried version 2`: a versioned write lost a race. */
export function staleVersionError(
  packageName: string,
  model: string,
  name: string,
  storedVersion: number,
  givenVersion: number,
): ConflictError {
  return new ConflictError(
    `${packageName} ${model} "${name}" is at version ${storedVersion}, the update carried version ${givenVersion}: read it again and retry`,
  );
}

/**
 * The error of any call but `close()` and `healthCheck()` after `close()`: every backend rejects such
 * calls, so use after close fails loudly instead of reaching a released connection.
 */
export function closedError(packageName: string): StorageError {
  return new StorageError(`${packageName} the backend is closed: create a new backend to use the store again`);
}
