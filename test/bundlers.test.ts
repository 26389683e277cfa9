/**
 * storage-drizzle works where users build: a small app on PostgreSQL (`test/fixtures/bundled-app`,
 * importing `@flags/storage-drizzle/pg`) is built with the real tools and no bundler configuration —
 * no `external`, no `serverExternalPackages` — and then run: a `next build` (Turbopack) served by
 * `next start`, and an esbuild bundle of a server run from a folder with no node_modules, so
 * `createTables` must find its migrations inside the bundle. The app has a `jsconfig.json` only so
 * that tools stop there instead of using the monorepo's `tsconfig.json` (which maps @flags to source).
 *
 * Slow by nature (a production Next.js build): about a minute. Needs PostgreSQL (`FLAGS_TEST_PG_URL`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceUp, outsideEnv } from './support/outside-project.js';
import { buildWorkspacePackages, withLock } from './support/pack.js';
import { run } from './support/run.js';
import { repoRoot } from './support/workspace.js';

const PG_URL = process.env.FLAGS_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const APP = join(repoRoot, 'test', 'fixtures', 'bundled-app');
const PREFIX = `bnd${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_`;
const NEXT_BIN = join(APP, 'node_modules', 'next', 'dist', 'bin', 'next');
const EXPECTED = { beta: { value: true, reason: 'TARGETING_MATCH' }, free: { value: false, reason: 'DEFAULT' } };

/** The app's environment: where its flags live (each run its own table prefix). */
const appEnv = (prefix: string) =>
  outsideEnv({ FLAGS_PG_URL: PG_URL, FLAGS_TABLE_PREFIX: prefix, NEXT_TELEMETRY_DISABLED: '1' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers (the server is up) or `timeoutMs` passes. */
async function fetchWhenUp(url: string, server: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`next start did not answer ${url}: ${String(error)}\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Drops the tables (and migrations table) of the prefixes this file used, with the app's own driver. */
async function dropTables(prefixes: readonly string[]): Promise<void> {
  const resolved = createRequire(join(APP, 'package.json')).resolve('postgres');
  const { default: postgres } = (await import(pathToFileURL(resolved).href)) as {
    default: (
      url: string,
      options: object,
    ) => {
      unsafe(query: string): Promise<Array<{ name: string }>>;
      end(): Promise<void>;
    };
  };
  const sql = postgres(PG_URL, { max: 1, onnotice: () => {} });
  try {
    for (const prefix of prefixes) {
      const tables = await sql.unsafe(
        `select tablename as name from pg_tables where schemaname = current_schema() and (tablename like '${prefix}%' or tablename = '__${prefix}migrations')`,
      );
      for (const { name } of tables) await sql.unsafe(`drop table if exists "${name}" cascade`);
    }
  } finally {
    await sql.end();
  }
}

describe('storage-drizzle in bundlers, no bundler configuration', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'flags-bundlers-'));
  const used: string[] = [];

  beforeAll(async () => {
    await expectServiceUp('PostgreSQL', PG_URL, 'FLAGS_TEST_PG_URL', 5432);
  });

  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await dropTables(used);
  });

  it('an esbuild bundle of a server runs createTables and evaluates from a folder with no node_modules', async () => {
    const outfile = join(scratch, 'esbuild', 'server.mjs');
    const result = await withLock(async () => {
      await buildWorkspacePackages(['@flags/core', '@flags/storage-drizzle']);
      return build({
        entryPoints: [join(APP, 'server.js')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile,
        metafile: true,
        logLevel: 'silent',
      });
    });
    const inputs = Object.keys(result.metafile.inputs).join('\n');
    expect(inputs).toContain('storage-drizzle/dist/pg/migrations.js');
    // Only the dialect the app uses: no other driver in the bundle.
    expect(inputs).not.toMatch(/node_modules\/(mysql2|better-sqlite3)\//);
    const prefix = `${PREFIX}e_`;
    used.push(prefix);
    const { stdout } = await run(process.execPath, [outfile], { cwd: join(scratch, 'esbuild'), env: appEnv(prefix) });
    expect(JSON.parse(stdout)).toStrictEqual(EXPECTED);
  }, 300_000);

  it('`next build` (Turbopack) of an app route on PostgreSQL, then `next start` serves evaluations', async () => {
    rmSync(join(APP, '.next'), { recursive: true, force: true });
    await withLock(async () => {
      await buildWorkspacePackages(['@flags/core', '@flags/storage-drizzle']);
      await run(process.execPath, [NEXT_BIN, 'build'], { cwd: APP, env: appEnv('unused_'), timeoutMs: 600_000 });
    });
    const prefix = `${PREFIX}n_`;
    used.push(prefix);
    const port = await freePort();
    const server = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
      cwd: APP,
      env: appEnv(prefix),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (chunk) => (output += chunk));
    server.stderr?.on('data', (chunk) => (output += chunk));
    try {
      const base = `http://127.0.0.1:${port}/api/flag`;
      const beta = await fetchWhenUp(`${base}?user=u-1&plan=beta`, server, () => output);
      expect(beta.status, output).toBe(200);
      expect(await beta.json()).toStrictEqual(EXPECTED.beta);
      const free = await fetch(`${base}?user=u-2&plan=free`);
      expect(await free.json()).toStrictEqual(EXPECTED.free);
      expect(output).not.toMatch(/Error/);
    } finally {
      server.kill('SIGTERM');
    }
  }, 900_000);
});
