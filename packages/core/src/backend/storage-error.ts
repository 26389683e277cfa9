import { FlagsError, StorageError } from '../errors.js';

/** Query parameters that carry credentials (compared lower-case, `-` and `_` ignored). */
const CREDENTIAL_PARAMETERS: ReadonlySet<string> = new Set([
  'password',
  'pass',
  'passwd',
  'pwd',
  'sslpassword',
  'token',
  'accesstoken',
  'authtoken',
  'apikey',
  'key',
  'secret',
  'clientsecret',
  'auth',
]);

function isCredentialParameter(name: string): boolean {
  return CREDENTIAL_PARAMETERS.has(name.toLowerCase().replace(/[-_]/g, ''));
}

/** The URL parsed, or null when it does not parse or names no host (a file path, `sqlite:x.db`). */
function parseServerUrl(url: string): URL | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.host ? parsed : null;
}

/**
 * `url` fit for a message: its password and the values of credential query parameters (`password`,
 * `token`, `secret`, `key`…) replaced by `***`, decided on the parsed URL's parts. A string that is not
 * a server URL (a file path) is returned as is unless it holds a `@`: then what precedes it (possibly a
 * user and password of a malformed URL) is masked.
 * @example maskUrl('postgres://app:pw@db:5432/flags?sslpassword=x') // 'postgres://app:***@db:5432/flags?sslpassword=***'
 */
export function maskUrl(url: string): string {
  const parsed = parseServerUrl(url);
  if (!parsed) {
    const at = url.lastIndexOf('@');
    if (at < 0) return url;
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '';
    return `${scheme}***${url.slice(at)}`;
  }
  if (parsed.password) parsed.password = 'MASKED';
  const credentials = new Set<string>();
  parsed.searchParams.forEach((_value, name) => {
    if (isCredentialParameter(name)) credentials.add(name);
  });
  for (const name of credentials) parsed.searchParams.set(name, 'MASKED');
  return parsed.toString().replace(/MASKED/g, '***');
}

/** The secrets `url` carries (password, credential query values; raw and percent-decoded), to keep out of messages. */
export function urlSecrets(url: string): string[] {
  const parsed = parseServerUrl(url);
  if (!parsed) return [];
  const secrets = [parsed.password];
  parsed.searchParams.forEach((value, name) => {
    if (isCredentialParameter(name)) secrets.push(value);
  });
  const all = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    all.add(secret);
    all.add(encodeURIComponent(secret));
    try {
      all.add(decodeURIComponent(secret));
    } catch {
      // not percent-encoded: the raw form is enough
    }
  }
  return [...all].filter((secret) => secret.length > 0);
}

/** Options of {@link toStorageError}. */
export interface StorageErrorOptions {
  /** The package the error comes from, e.g. `[@flags/storage-redis]`; starts the message. */
  packageName: string;
  /** What was being done, e.g. `getFlag "checkout"` or `connecting`. */
  operation: string;
  /** The URL or path the backend talks to: named in the message (masked), its secrets kept out of it. */
  target?: string;
  /** Further strings never to let through (a token passed apart from the URL). @default [] */
  secrets?: readonly string[];
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
 * masked>]: <the driver's first line>`, with every secret of `target` (and `secrets`) replaced by `***`.
 * The original error is not attached (its fields may hold the URL). Errors of @flags (`FlagsError`:
 * validation, conflicts…) are returned unchanged.
 */
export function toStorageError(error: unknown, options: StorageErrorOptions): FlagsError {
  if (error instanceof FlagsError) return error;
  const secrets = [...(options.target === undefined ? [] : urlSecrets(options.target)), ...(options.secrets ?? [])]
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length);
  let text = describe(error);
  for (const secret of secrets) text = text.split(secret).join('***');
  const on = options.target === undefined ? '' : ` on ${maskUrl(options.target)}`;
  return new StorageError(`${options.packageName} ${options.operation} failed${on}: ${text}`);
}
