import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@flags/core';
import { DrizzleStorageBackend, maskUrl, parseStorageUrl } from '@flags/storage-drizzle';
import { createStorage as mysqlStorage, flagsTables as mysqlTables } from '@flags/storage-drizzle/mysql';
import { createStorage as pgStorage, flagsTables as pgTables } from '@flags/storage-drizzle/pg';
import { createStorage as sqliteStorage, flagsTables as sqliteTables } from '@flags/storage-drizzle/sqlite';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^;]*?from\s+)?'([^']+)'/gms;
const DYNAMIC_IMPORT = /\bimport\(\s*'([^']+)'\s*\)/g;

/**
 * Every bare module an entry loads when imported, following its static imports (side-effect imports
 * included) through the package's own files; with `dynamic`, also what its `import()` calls can load,
 * which is what a bundler follows.
 */
function bareImports(entry: string, dynamic = false): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const specs = [...source.matchAll(STATIC_IMPORT), ...(dynamic ? source.matchAll(DYNAMIC_IMPORT) : [])];
    for (const [, spec] of specs) {
      if (spec?.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (spec) bare.add(spec);
    }
  };
  visit(resolve(SRC, entry));
  return bare;
}
const staticBareImports = (entry: string) => bareImports(entry);

describe('entries load only their own driver', () => {
  const drivers = ['postgres', 'mysql2', 'mysql2/promise', 'better-sqlite3'];
  const cases: Array<[string, string[]]> = [
    ['index.ts', []],
    ['pg/index.ts', ['postgres']],
    ['mysql/index.ts', ['mysql2/promise']],
    ['sqlite/index.ts', ['better-sqlite3']],
  ];
  for (const [entry, own] of cases) {
    it(entry, () => {
      const loaded = [...staticBareImports(entry)].filter((name) => drivers.includes(name));
      expect(loaded.sort()).toStrictEqual(own);
    });
  }

  // What a bundler resolves: a dialect entry reaches its own driver only, even through
  // `DrizzleStorageBackend.create`; the main entry reaches all three.
  const reachable: Array<[string, string[]]> = [
    ['index.ts', ['better-sqlite3', 'mysql2/promise', 'postgres']],
    ['pg/index.ts', ['postgres']],
    ['mysql/index.ts', ['mysql2/promise']],
    ['sqlite/index.ts', ['better-sqlite3']],
  ];
  for (const [entry, own] of reachable) {
    it(`${entry} reaches no other driver through import()`, () => {
      const reached = [...bareImports(entry, true)].filter((name) => drivers.includes(name));
      expect(reached.sort()).toStrictEqual(own);
    });
  }

  it('the walker sees imports (sanity)', () => {
    expect(staticBareImports('pg/index.ts').has('drizzle-orm/pg-core')).toBe(true);
  });
});

describe('parseStorageUrl', () => {
  it.each([
    ['postgres://u:p@h:5432/db', 'postgres', 'postgres://u:p@h:5432/db'],
    ['postgresql://h/db', 'postgres', 'postgresql://h/db'],
    ['mysql://root@h:3306/db', 'mysql', 'mysql://root@h:3306/db'],
    ['mariadb://root@h:3306/db', 'mysql', 'mysql://root@h:3306/db'],
    ['sqlite:./data/flags.db', 'sqlite', './data/flags.db'],
    ['sqlite:///var/lib/flags.db', 'sqlite', '/var/lib/flags.db'],
    ['file:flags.db', 'sqlite', 'flags.db'],
    ['file:///tmp/my%20flags.db', 'sqlite', '/tmp/my flags.db'],
    ['sqlite::memory:', 'sqlite', ':memory:'],
    [':memory:', 'sqlite', ':memory:'],
    ['./flags.db', 'sqlite', './flags.db'],
  ])('%s', (url, dialect, location) => {
    expect(parseStorageUrl(url)).toStrictEqual({ dialect, location });
  });

  it('rejects other schemes with a ValidationError, masking the password', () => {
    const error = catchError(() => parseStorageUrl('redis://user:hunter2@h:6379'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(
      /^\[@flags\/storage-drizzle\] invalid storage options: url: redis:\/\/user:\*\*\*@h:6379/,
    );
  });

  // Mistyped server URLs: never a local SQLite file, always a ValidationError without the password.
  it.each([
    'postgres:app:S3cretPW@db.internal',
    'postgresql:/app:S3cretPW@db.internal:5432/flags',
    'postgres://app:S3cretPW@db internal:5432/flags',
    'postgres://app:S3cretPW@[::1/flags',
    'mysql:root:S3cretPW@db',
    'mariadb://root:S3cretPW@',
    'app:S3cretPW@db.internal/flags',
    'pgsql://app:S3cretPW@db/flags',
    '',
  ])('%j is a ValidationError naming url, password masked', (url) => {
    const error = catchError(() => parseStorageUrl(url));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('url');
    expect(error.message).not.toContain('S3cretPW');
  });

  it('DrizzleStorageBackend.create and every entry reject such URLs before opening anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flags-url-'));
    try {
      for (const url of ['postgres:app:S3cretPW@db.internal', 'postgresql:/app:S3cretPW@db.internal']) {
        const attempts = [
          DrizzleStorageBackend.create({ url: `${url}`, createTables: true }),
          sqliteStorage({ url, createTables: true }),
          pgStorage({ url }),
          mysqlStorage({ url }),
        ];
        for (const attempt of attempts) {
          const error = await attempt.then(
            () => undefined,
            (e: unknown) => e as Error,
          );
          expect(error).toBeInstanceOf(ValidationError);
          expect(error?.message).not.toContain('S3cretPW');
        }
      }
      // A URL of another dialect is refused by an entry, not opened as a file.
      await expect(sqliteStorage({ url: 'postgres://app:pw@db/flags' })).rejects.toThrow(
        /use @flags\/storage-drizzle\/pg/,
      );
      await expect(pgStorage({ url: join(dir, 'flags.db') })).rejects.toBeInstanceOf(ValidationError);
      expect(readdirSync(dir)).toStrictEqual([]);
      expect(readdirSync('.').filter((name) => name.includes('S3cretPW'))).toStrictEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('maskUrl', () => {
  it('masks the password and password-like parameters, keeps the rest', () => {
    expect(maskUrl('postgres://app:s%40cret@db:5432/flags?sslmode=require&password=x')).toBe(
      'postgres://app:***@db:5432/flags?sslmode=require&password=***',
    );
    expect(maskUrl('mysql://root@db/flags')).toBe('mysql://root@db/flags');
    expect(maskUrl('./flags.db')).toBe('./flags.db');
  });
});

describe('new DrizzleStorageBackend({ db, tables })', () => {
  const db = drizzle({ client: new Database(':memory:') });

  it('accepts a drizzle database with tables of its dialect', () => {
    expect(new DrizzleStorageBackend({ db, tables: sqliteTables('x_') }).dialect).toBe('sqlite');
  });

  it('refuses tables of another dialect, naming the entry to take them from', () => {
    expect(() => new DrizzleStorageBackend({ db, tables: pgTables() })).toThrow(
      /tables: must come from flagsTables\(\) of @flags\/storage-drizzle\/sqlite \(got postgres\)/,
    );
    expect(() => new DrizzleStorageBackend({ db, tables: mysqlTables() })).toThrow(/got mysql/);
  });

  it('refuses something that is not a drizzle database', () => {
    expect(() => new DrizzleStorageBackend({ db: {} as never, tables: sqliteTables() })).toThrow(
      /must be a drizzle database/,
    );
  });

  it('refuses a table prefix that is not a plain identifier', () => {
    expect(() => sqliteTables('bad-prefix')).toThrow(/tablePrefix: "bad-prefix" is invalid/);
    expect(() => pgTables('x'.repeat(25))).toThrow(/tablePrefix: .* is invalid/);
  });
});
