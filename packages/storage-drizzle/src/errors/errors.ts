import { StorageError } from '@flags/core';

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

/**
 * The URL with its password (user-info or `password=` parameter) replaced by `***`. A string that is
 * not a server URL (a file path) is returned as is unless it holds a `@`: then what precedes it (maybe
 * the user and password of a malformed URL) is masked.
 */
export function maskUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed?.host) {
    const at = url.lastIndexOf('@');
    if (at < 0) return url;
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '';
    return `${scheme}***${url.slice(at)}`;
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|token/i.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}

/** The secrets a URL carries (its password), to scrub from driver messages. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const secrets = [parsed.password, decodeURIComponent(parsed.password)];
    for (const [key, value] of parsed.searchParams) if (/pass|secret|token/i.test(key)) secrets.push(value);
    return secrets.filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

/** Turns any failure of the store into a `StorageError` naming the operation and the (masked) target. */
export class ErrorMapper {
  /**
   * @param target what the backend talks to, already masked (e.g. `postgres://app:***@db:5432/flags`).
   * @param secrets strings never to let through into a message.
   */
  constructor(
    private readonly target: string,
    private readonly secrets: readonly string[] = [],
  ) {}

  /** The StorageError for `operation` failing with `error`. */
  storage(operation: string, error: unknown): StorageError {
    const inner = driverError(error);
    const code = inner?.code === undefined ? '' : ` (${String(inner.code)})`;
    let text = typeof inner?.message === 'string' && inner.message ? inner.message : String(error);
    // drizzle's wrapper message carries the SQL and its parameters: keep only the first line.
    text = text.split('\n')[0] ?? text;
    for (const secret of this.secrets) text = text.split(secret).join('***');
    return new StorageError(`${PACKAGE} ${operation} failed on ${this.target}: ${text}${code}`);
  }
}
