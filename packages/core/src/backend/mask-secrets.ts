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

// A URL that does not parse (several hosts: Sentinel, Cluster; a malformed one): everything that may be
// a password before the last `@` is masked, the user name kept when a `:` tells it apart.
function maskUnparsedUrl(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const start = /^([a-z][a-z0-9+.-]*:)(\/\/)?/i.exec(url);
  if (!start?.[2]) return `${start?.[1] ?? ''}***${url.slice(at)}`;
  const userinfo = url.slice(start[0].length, at);
  const colon = userinfo.indexOf(':');
  return `${start[0]}${colon < 0 ? '' : userinfo.slice(0, colon + 1)}***${url.slice(at)}`;
}

/**
 * `url` fit for a message: its password and the values of credential query parameters (`password`,
 * `token`, `secret`, `key`…) replaced by `***`, decided on the parsed URL's parts; a URL with none of
 * them is returned exactly as written. A string that is not a server URL (a file path) is returned as
 * is unless it holds a `@`: then what precedes it (possibly a password) is masked.
 * @example maskUrl('postgres://app:pw@db:5432/flags?sslpassword=x') // 'postgres://app:***@db:5432/flags?sslpassword=***'
 */
export function maskUrl(url: string): string {
  const parsed = parseServerUrl(url);
  // A `@` after the host means a password with a raw `?` or `#` cut the userinfo short: mask up to it.
  if (!parsed || (parsed.search + parsed.hash).includes('@')) return maskUnparsedUrl(url);
  const credentials = new Set<string>();
  parsed.searchParams.forEach((_value, name) => {
    if (isCredentialParameter(name)) credentials.add(name);
  });
  if (!parsed.password && credentials.size === 0) return url;
  if (parsed.password) parsed.password = 'MASKED';
  for (const name of credentials) parsed.searchParams.set(name, 'MASKED');
  return parsed.toString().replace(/MASKED/g, '***');
}

// A URL inside prose: up to whitespace or a quote; punctuation that ends a sentence is not part of it.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

// A credential outside a URL is told by what the text puts before it: an Authorization header, a
// bearer token, or a credential name followed by `=`, by `:` and a value (`token:abc`, `"token": "abc"`)
// or by a quoted value. `token: must be a string` is a field and its rule, not a credential: after `: `
// only a quoted value is taken for one.
const VALUE = String.raw`("[^"]*"|'[^']*'|[^\s&,;'"()<>\[\]{}]+)`;
const AUTHORIZATION = new RegExp(
  String.raw`\b(authorization["']?\s*[=:]\s*["']?(?:(?:bearer|basic|token|digest)\s+)?)${VALUE}`,
  'gi',
);
const BEARER = new RegExp(String.raw`\b(bearer\s+)${VALUE}`, 'gi');
const CREDENTIAL_NAME = String.raw`\b(?:[\w-]*?(?:passw(?:or)?d|pwd|secret|token|api[-_]?key)|pass)\b`;
const NAMED = new RegExp(
  String.raw`(${CREDENTIAL_NAME}["']?\s*=\s*|${CREDENTIAL_NAME}["']?:(?=[^\s])|${CREDENTIAL_NAME}["']?(?::\s*|\s+)(?=["']))${VALUE}`,
  'gi',
);

function masked(value: string): string {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${quote}***${quote}`;
}

/**
 * `text` (a driver's message, a line to print) with every credential replaced by `***`, decided by
 * where the text puts it, never by matching a known secret anywhere (a password `redis` must not turn
 * `@upstash/redis` into `@upstash/***`): URLs by their parsed parts ({@link maskUrl}), and outside
 * URLs the value after `Authorization:`, `Bearer`, or a credential name (`password=…`, `token:…`,
 * `"secret": "…"`, `password '…'`).
 * @example maskSecrets('connect redis://:pw@db:6379 failed, password=pw') // 'connect redis://:***@db:6379 failed, password=***'
 */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_IN_TEXT, (found) => {
      const trailing = TRAILING_PUNCTUATION.exec(found)?.[0] ?? '';
      return maskUrl(found.slice(0, found.length - trailing.length)) + trailing;
    })
    .replace(AUTHORIZATION, (_found, before: string, value: string) => before + masked(value))
    .replace(BEARER, (_found, before: string, value: string) => before + masked(value))
    .replace(NAMED, (_found, before: string, value: string) => before + masked(value));
}
