/**
 * The runtimes the README promises, kept working by CI with the real runtimes from npm (`bun`, `deno`,
 * and workerd through `miniflare`): Bun and Deno run the memory backend's conformance suite and a
 * Redis-over-Upstash smoke test (bundled with `vitest` mapped to `test/runtimes/harness.ts`, the few
 * vitest APIs the suite uses); workerd runs the edge worker of `test/fixtures/workers/upstash-worker.ts`,
 * evaluating flags from Redis through @upstash/redis. A runtime that is not installed fails its test
 * with its name: it is never skipped. Needs Redis (`FLAGS_TEST_REDIS_URL`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeatureFlagClient } from '@flags/core';
import { RedisStorageBackend } from '@flags/storage-redis';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisUrl } from '../packages/storage-redis/test/support/redis-connect.js';
import { startUpstashServer, type UpstashServer } from '../packages/storage-redis/test/support/upstash-server.js';
import { run } from './support/run.js';
import { bundleWorker, packageImportsFromSource, workspaceSources } from './support/worker-bundle.js';
import { repoRoot } from './support/workspace.js';

const RUNTIMES = {
  Bun: { bin: join(repoRoot, 'node_modules', '.bin', 'bun'), args: ['run'] },
  Deno: { bin: join(repoRoot, 'node_modules', '.bin', 'deno'), args: ['run', '--allow-all', '--quiet'] },
} as const;
type RuntimeName = keyof typeof RUNTIMES;

const scratch = mkdtempSync(join(tmpdir(), 'flags-runtimes-'));
const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let upstash: UpstashServer;

/** One ES module holding a runtime test program and everything it imports (`vitest` → the harness). */
async function bundleProgram(name: string): Promise<string> {
  const outfile = join(scratch, `${name}.mjs`);
  await build({
    entryPoints: [join(repoRoot, 'test', 'runtimes', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    outfile,
    alias: { vitest: join(repoRoot, 'test', 'runtimes', 'harness.ts') },
    plugins: [workspaceSources, packageImportsFromSource],
    nodePaths: [join(repoRoot, 'packages', 'storage-redis', 'node_modules')],
    logLevel: 'silent',
  });
  return outfile;
}

/** Runs a bundled program on `runtime`; the output's `RESULT` line, after checking the program passed. */
async function runOn(
  runtime: RuntimeName,
  program: string,
  env: Record<string, string> = {},
  expectFailure = false,
): Promise<string> {
  const { bin, args } = RUNTIMES[runtime];
  if (!existsSync(bin)) {
    throw new Error(`${runtime} is not installed (${bin} is missing): \`pnpm install\` installs it from npm`);
  }
  const stdout = await run(bin, [...args, program], { cwd: scratch, env, timeoutMs: 300_000 }).then(
    (result) => {
      if (expectFailure) throw new Error(`${runtime} exited 0 although a check failed:\n${result.stdout}`);
      return result.stdout;
    },
    (error: Error) => {
      if (!expectFailure) throw error;
      return error.message;
    },
  );
  const result = /^RESULT (\d+) passed (\d+) failed (\d+) skipped$/m.exec(stdout);
  if (!result) throw new Error(`${runtime} printed no RESULT line:\n${stdout}`);
  return result[0];
}

beforeAll(async () => {
  upstash = await startUpstashServer(redisUrl());
});

afterAll(async () => {
  await upstash?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.each(Object.keys(RUNTIMES) as RuntimeName[])('%s', (runtime) => {
  it('the harness counts passes, failures and skips, and a failure fails the process', async () => {
    const line = await runOn(runtime, await bundleProgram('harness-check'), {}, true);
    expect(line).toBe('RESULT 1 passed 1 failed 1 skipped');
  }, 300_000);

  it('runs the memory backend’s conformance suite, every check passing', async () => {
    const line = await runOn(runtime, await bundleProgram('memory-conformance'));
    const [passed, failed] = (line.match(/\d+/g) ?? []).map(Number);
    expect(failed, line).toBe(0);
    expect(passed, line).toBeGreaterThan(100);
  }, 600_000);

  it('writes and evaluates flags in Redis over the Upstash REST protocol (@upstash/redis)', async () => {
    const line = await runOn(runtime, await bundleProgram('upstash-smoke'), {
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      FLAGS_PREFIX: `rt:${runtime}:${runId}:`,
    });
    expect(line).toBe('RESULT 1 passed 0 failed 0 skipped');
  }, 300_000);
});

describe('workerd (miniflare)', () => {
  it('a worker evaluates flags stored in Redis, through @upstash/redis', async () => {
    const prefix = `rt:workerd:${runId}:`;
    const storage = await RedisStorageBackend.create({ url: upstash.url, token: upstash.token, prefix });
    const worker = await bundleWorker(join(repoRoot, 'test', 'fixtures', 'workers', 'upstash-worker.ts'));
    const miniflare = new Miniflare({
      modules: true,
      script: worker.code,
      compatibilityDate: '2025-01-01',
      bindings: { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token, FLAGS_PREFIX: prefix },
    });
    try {
      await storage.createFlag({ key: 'new-checkout', rules: [{ name: 'half', rolloutPercentage: 50 }] });
      // The same evaluation in Node, for the users the worker is asked about.
      const client = new FeatureFlagClient({ storage });
      for (const user of ['user-123', 'user-456', 'alice', 'bob']) {
        const expected = await client.getBooleanDetails('new-checkout', false, { targetingKey: user });
        const response = await miniflare.dispatchFetch(`http://worker/?flag=new-checkout&user=${user}`);
        expect(await response.json()).toStrictEqual({ value: expected.value, reason: expected.reason });
      }
      const missing = await miniflare.dispatchFetch('http://worker/?flag=nope&user=u');
      expect(await missing.json()).toStrictEqual({ value: false, reason: 'ERROR' });
    } finally {
      await storage.deleteFlag('new-checkout').catch(() => {});
      await storage.close();
      await miniflare.dispose();
    }
  }, 300_000);
});
