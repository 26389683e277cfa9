import { StorageError } from '../errors.js';

/**
 * The `errorMessage` for a failed storage call. A `StorageError` message is secret-free by contract
 * and kept; any other error may carry a driver's text (connection URLs with passwords), so only its
 * class name is reported.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof StorageError) return error.message;
  const raw = error instanceof Error ? error.name : typeof error;
  // A name is an identifier; anything else might be text from the driver.
  const name = /^[A-Za-z_$][\w$]{0,63}$/.test(raw) ? raw : 'Error';
  return `[@flags/core] the storage backend failed (${name}); the default value was served`;
}
