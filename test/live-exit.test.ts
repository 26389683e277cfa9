/**
 * `close()` of a live client leaves no timer, subscription or connection behind, on every backend: a
 * process that opened one, used it and closed it exits on its own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createScratchDatabase,
  dropScratchDatabase,
  MYSQL,
  PG,
} from '../packages/storage-drizzle/test/support/servers.js';
import { redisUrl } from '../packages/storage-redis/test/support/redis-env.js';
import { repoRoot } from './support/workspace.js';

const run = promisify(execFile);
const script = join(repoRoot, 'test', 'fixtures', 'live-exit', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'flags-live-exit-'));
const urls: Record<string, string> = {};

beforeAll(async () => {
  urls.pg = await createScratchDatabase(PG, 'live_exit');
  urls.mysql = await createScratchDatabase(MYSQL, 'live_exit');
});
afterAll(async () => {
  if (urls.pg) await dropScratchDatabase(PG, urls.pg);
  if (urls.mysql) await dropScratchDatabase(MYSQL, urls.mysql);
  rmSync(dir, { recursive: true, force: true });
});

describe('a process with a closed live client exits on its own', () => {
  it.each(['memory', 'sqlite', 'pg', 'mysql', 'ioredis', 'upstash'])(
    '%s',
    async (kind) => {
      const url =
        kind === 'sqlite'
          ? join(dir, 'exit.db')
          : kind === 'ioredis' || kind === 'upstash'
            ? redisUrl()
            : (urls[kind] ?? '');
      // The timeout kills a process that does not end: that is the failure this test looks for.
      const { stdout } = await run(
        join(repoRoot, 'node_modules', '.bin', 'tsx'),
        ['--tsconfig', join(repoRoot, 'tsconfig.json'), script, kind, url],
        { cwd: repoRoot, timeout: 25_000 },
      );
      expect(stdout).toContain('closed, served true');
    },
    30_000,
  );
});
