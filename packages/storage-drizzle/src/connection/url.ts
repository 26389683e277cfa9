import type { DialectName } from '../dialect/dialect.js';
import { configError } from '../errors/config-error.js';
import { maskUrl } from '../errors/errors.js';

/** Where a storage URL points. */
export interface StorageTarget {
  dialect: DialectName;
  /** The connection URL (`mariadb://` rewritten to `mysql://`), or the SQLite file path / `:memory:`. */
  location: string;
}

const FORMS =
  'use postgres://, postgresql://, mysql://, mariadb://, or for SQLite sqlite:<path>, file:<path>, :memory: or a path without a scheme';

function invalid(url: string, rule: string) {
  return configError('url', `${maskUrl(url)} ${rule}: ${FORMS}`);
}

/** A server URL as given, once it parses with a host. */
function serverUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url, 'does not parse as a URL');
  }
  if (!parsed.host) throw invalid(url, 'names no host');
  return url;
}

/**
 * Reads the dialect off a URL. Servers: `postgres://` / `postgresql://`, `mysql://` / `mariadb://`,
 * each of which must parse with a host. SQLite only in an explicit form: `sqlite:<path>` /
 * `file:<path>` (`sqlite:` alone and `sqlite::memory:` are in-memory), `:memory:`, or a path with no
 * scheme and no `@` (`./flags.db`, `/var/lib/flags.db`, `C:\flags.db`) — so a mistyped server URL
 * never becomes a local file.
 * @throws ValidationError naming the URL (password masked) and the accepted forms otherwise.
 */
export function parseStorageUrl(url: string): StorageTarget {
  if (typeof url !== 'string' || url.trim() === '') {
    throw configError('url', `must be a non-empty string: ${FORMS}`);
  }
  if (/^postgres(ql)?:/i.test(url)) {
    if (!/^postgres(ql)?:\/\//i.test(url)) throw invalid(url, 'lacks the // after the scheme');
    return { dialect: 'postgres', location: serverUrl(url) };
  }
  if (/^(mysql|mariadb):/i.test(url)) {
    if (!/^(mysql|mariadb):\/\//i.test(url)) throw invalid(url, 'lacks the // after the scheme');
    return { dialect: 'mysql', location: serverUrl(url).replace(/^mariadb:/i, 'mysql:') };
  }
  if (url === ':memory:') return { dialect: 'sqlite', location: ':memory:' };
  const sqlite = /^(sqlite|file):(.*)$/is.exec(url);
  if (sqlite) {
    const rest = (sqlite[2] ?? '').replace(/\?.*$/s, '');
    // sqlite:///abs/x.db and file:///abs/x.db are URL forms of /abs/x.db.
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    return { dialect: 'sqlite', location: path === '' ? ':memory:' : decodeURIComponent(path) };
  }
  // A scheme of two letters or more (one letter is a Windows drive), or user-info: a server URL.
  if (/^[a-z][a-z0-9+.-]+:/i.test(url)) throw invalid(url, 'has an unsupported scheme');
  if (url.includes('@')) throw invalid(url, 'looks like a server URL without a scheme (prefix sqlite: for a file)');
  return { dialect: 'sqlite', location: url };
}

const ENTRIES: Record<DialectName, string> = { postgres: 'pg', mysql: 'mysql', sqlite: 'sqlite' };

/**
 * Where a dialect entry's `createStorage` connects: the URL must name that entry's dialect.
 * @throws ValidationError when it does not parse or names another dialect.
 */
export function locationFor(url: string, dialect: DialectName): string {
  const target = parseStorageUrl(url);
  if (target.dialect !== dialect) {
    throw configError(
      'url',
      `${maskUrl(url)} is a ${target.dialect} URL: use @flags/storage-drizzle/${ENTRIES[target.dialect]} or DrizzleStorageBackend.create for it`,
    );
  }
  return target.location;
}
