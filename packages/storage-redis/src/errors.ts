import { FlagsError, ValidationError } from '@flags/core';
import { toStorageError as storageErrorOf } from '@flags/core/backend';

/** Prefix of every error message this package produces. */
export const PACKAGE = '[@flags/storage-redis]';

/** An error reply of the Redis server (`ERR …`, `NOSCRIPT …`, `WRONGPASS …`), as adapters report it. */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError';
}

// Credentials that may appear in a driver's message whatever the caller passed: URL userinfo,
// bearer tokens and `_token=` query parameters.
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(\w+:\/\/[^:/@\s]*:)[^@\s]+@/g, '$1***@'],
  [/(Bearer\s+)[^\s"',;]+/gi, '$1***'],
  [/([?&]_token=)[^&\s"']+/g, '$1***'],
];

/** `text` with every known secret and every credential-shaped substring replaced by `***`. */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length > 0) masked = masked.split(secret).join('***');
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) masked = masked.replace(pattern, replacement);
  return masked;
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
 * starts with the package name, says what was being done and never holds a secret: the given ones
 * and anything credential-shaped are masked. Errors of ours (`FlagsError`) pass through unchanged.
 */
export function toStorageError(error: unknown, action: string, secrets: readonly string[] = []): FlagsError {
  if (error instanceof FlagsError) return error;
  return storageErrorOf(new Error(maskSecrets(describe(error), secrets)), {
    packageName: PACKAGE,
    operation: action,
    secrets,
  });
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
