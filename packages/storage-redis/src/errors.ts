import { FlagsError, ValidationError } from '@flags/core';
import { toStorageError as storageErrorOf } from '@flags/core/backend';

/** Prefix of every error message this package produces. */
export const PACKAGE = '[@flags/storage-redis]';

/** An error reply of the Redis server (`ERR …`, `NOSCRIPT …`, `WRONGPASS …`), as adapters report it. */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // @upstash/redis appends the whole command (user data) to server errors; the reply alone is enough.
  let message = error.message.split(', command was: ')[0] ?? error.message;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message && !message.includes(cause.message)) message += ` (${cause.message})`;
  return message || error.name;
}

/**
 * Wraps a failure of the store in a `StorageError` (core's, for every backend the same) whose message
 * starts with the package name, says what was being done and where (`target`, a URL), and never holds
 * a secret (credentials are masked by where the message puts them). Errors of ours (`FlagsError`) pass through unchanged.
 */
export function toStorageError(error: unknown, action: string, target?: string): FlagsError {
  if (error instanceof FlagsError) return error;
  return storageErrorOf(new Error(describe(error)), { packageName: PACKAGE, operation: action, target });
}

/**
 * A `ValidationError` for a bad backend option: names the option and the rule, starts with the
 * package name, and holds no secret (callers never put one in `message`).
 */
export function optionsError(path: string, message: string): ValidationError {
  const error = new ValidationError([{ path, message }], 'Redis backend options');
  error.message = `${PACKAGE} invalid options: ${path ? `${path}: ` : ''}${message}`;
  return error;
}
