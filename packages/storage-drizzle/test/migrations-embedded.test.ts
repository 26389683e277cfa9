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

  it('every dialect ships its migrations, the first creating the tables, each with SQL and a sha256', () => {
    for (const shipped of [pg, mysql, sqlite]) {
      expect(shipped[0]?.sql).toMatch(/CREATE TABLE/i);
      for (const migration of shipped) {
        expect(migration.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(migration.sql.trim().length).toBeGreaterThan(0);
      }
    }
  });
});
