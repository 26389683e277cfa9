import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embeddedModulePath, MIGRATION_DIALECTS, renderMigrationsModule } from '../scripts/embed-migrations.js';
import { migrations as mysql } from '../src/mysql/migrations.js';
import { migrations as pg } from '../src/pg/migrations.js';
import { migrations as sqlite } from '../src/sqlite/migrations.js';

describe('shipped migrations (JS modules embedding drizzle-kit output)', () => {
  it.each(MIGRATION_DIALECTS)(
    'src/%s/migrations.ts is in sync with migrations/ (run `pnpm --filter @flags/storage-drizzle migrations:generate`)',
    (dialect) => {
      expect(readFileSync(embeddedModulePath(dialect), 'utf8')).toBe(renderMigrationsModule(dialect));
    },
  );

  it('every dialect ships as many migrations, each with SQL statements and a sha256', () => {
    expect(pg.length).toBeGreaterThan(0);
    expect(mysql.length).toBe(pg.length);
    expect(sqlite.length).toBe(pg.length);
    for (const migration of [...pg, ...mysql, ...sqlite]) {
      expect(migration.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(migration.sql).toMatch(/CREATE TABLE/i);
    }
  });
});
