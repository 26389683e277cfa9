import type { DialectName } from '../dialect/dialect.js';
import { maskUrl, PACKAGE } from '../errors/errors.js';

/** Where a storage URL points. */
export interface StorageTarget {
  dialect: DialectName;
  /** The connection URL (`mariadb://` rewritten to `mysql://`), or the SQLite file path / `:memory:`. */
  location: string;
}

/**
 * Reads the dialect off a URL: `postgres://` / `postgresql://`, `mysql://` / `mariadb://`,
 * `sqlite:<path>` / `file:<path>` / a bare path / `:memory:` (`sqlite::memory:` too).
 * @throws Error naming the URL (password masked) when the scheme is none of these.
 */
export function parseStorageUrl(url: string): StorageTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', location: url };
  if (/^mysql:\/\//i.test(url)) return { dialect: 'mysql', location: url };
  if (/^mariadb:\/\//i.test(url)) return { dialect: 'mysql', location: url.replace(/^mariadb:/i, 'mysql:') };
  const sqlite = /^(sqlite|file):(.*)$/is.exec(url);
  if (sqlite) {
    const rest = (sqlite[2] ?? '').replace(/\?.*$/s, '');
    // sqlite:///abs/x.db and file:///abs/x.db are URL forms of /abs/x.db.
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    return { dialect: 'sqlite', location: path === '' ? ':memory:' : decodeURIComponent(path) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(
      `${PACKAGE} unsupported storage URL ${maskUrl(url)}: use postgres://, postgresql://, mysql://, mariadb://, sqlite:<path>, file:<path>, a file path or :memory:`,
    );
  }
  return { dialect: 'sqlite', location: url };
}
