import { FlagsError, StorageError } from '../errors.js';
import { maskSecrets, maskUrl } from './mask-secrets.js';

/** Options of {@link toStorageError}. */
export interface StorageErrorOptions {
  /** The package the error comes from, e.g. `[@flags/storage-redis]`; starts the message. */
  packageName: string;
  /** What was being done, e.g. `getFlag "checkout"` or `connecting`. */
  operation: string;
  /** The URL or path the backend talks to: named in the message, masked. */
  target?: string;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // Drivers put the query and its parameters (user data) after the first line: keep the first.
  const first = (error.message.split('\n')[0] ?? '').trim() || error.name;
  return code === undefined || first.includes(String(code)) ? first : `${first} (${String(code)})`;
}

/**
 * The `StorageError` for `error`, a failure of the store: `<package> <operation> failed[ on <target,
 * masked>]: <the driver's first line>`, every credential in it masked ({@link maskSecrets}).
 * The original error is not attached (its fields may hold the URL). Errors of @flags (`FlagsError`:
 * validation, conflicts…) are returned unchanged.
 */
export function toStorageError(error: unknown, options: StorageErrorOptions): FlagsError {
  if (error instanceof FlagsError) return error;
  const text = maskSecrets(describe(error));
  const on = options.target === undefined ? '' : ` on ${maskUrl(options.target)}`;
  return new StorageError(`${options.packageName} ${options.operation} failed${on}: ${text}`);
}
