/**
 * The `flags` binary run as a child process against the real servers: output, exit codes (0 done,
 * 1 failed, 2 bad usage), and no secret ever printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDocument } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from './support/dataset.js';
import { flags } from './support/run-cli.js';
import { type ScratchStore, scratchStore } from './support/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'flags-cli-test-'));
const documentPath = join(dir, 'flags.ndjson');
let pg: ScratchStore;
let redis: ScratchStore;
let pgUrl: string;
let lineCount = 0;

beforeAll(async () => {
  const origin = new MemoryStorageBackend();
  await seed(origin);
  const text = await new Response(exportDocument(origin)).text();
  lineCount = text.trimEnd().split('\n').length;
  writeFileSync(documentPath, text);
  pg = await scratchStore('postgres');
  redis = await scratchStore('redis');
  pgUrl = pg.url;
}, 120_000);

afterAll(async () => {
  await pg?.drop();
  await redis?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('usage', () => {
  it('--help prints the commands and exits 0', async () => {
    const run = await flags(['--help']);
    expect(run.code).toBe(0);
    for (const command of [
      'migrate',
      'export',
      'import',
      'copy',
      'list',
      'get',
      'enable',
      'disable',
      'rollout',
      'override',
      'eval',
    ]) {
      expect(run.stdout).toContain(command);
    }
  });

  it('an unknown command, a missing argument or a missing store exits 2', async () => {
    expect((await flags(['frobnicate'])).code).toBe(2);
    expect((await flags(['get'])).code).toBe(2);
    const noUrl = await flags(['list']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('pass --url URL or set FLAGS_URL');
    const badScheme = await flags(['list', '--url', 'ftp://x']);
    expect(badScheme.code).toBe(2);
  });

  it('--context that is not JSON exits 2', async () => {
    const run = await flags(['eval', 'x', '--context', '{nope', '--url', 'memory:']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--context is not JSON');
  });
});

describe('against PostgreSQL and Redis', () => {
  it('migrate creates the tables (idempotent)', async () => {
    const run = await flags(['migrate', '--url', pgUrl]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('tables are up to date');
  });

  it('import --dry-run prints the diff and writes nothing; import writes; a second import changes nothing', async () => {
    const dry = await flags(['import', documentPath, '--dry-run', '--url', pgUrl]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+ flag new-checkout');
    expect(dry.stdout).toContain('dry run: nothing written');
    expect((await flags(['list', '--json', '--url', pgUrl])).stdout).toBe('');

    const real = await flags(['import', documentPath, '--url', pgUrl]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('created: 2 segments, 6 flags');
    const again = await flags(['import', documentPath, '--json', '--url', pgUrl]);
    const result = JSON.parse(again.stdout.trim());
    expect(result.type).toBe('result');
    expect(Object.values(result.created as Record<string, number>).every((n) => n === 0)).toBe(true);
  });

  it('list, get', async () => {
    const list = await flags(['list', '--url', pgUrl]);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^KEY\s+TYPE\s+STATUS/);
    expect(list.stdout).toMatch(/upload-limit\s+number\s+active\s+10/);
    const json = (await flags(['list', '--json', '--url', pgUrl])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json.map((f) => f.key)).toContain('ui-config');
    const get = await flags(['get', 'ui-config', '--json', '--url', pgUrl]);
    expect(JSON.parse(get.stdout)).toMatchObject({ key: 'ui-config', flagType: 'json', overrides: 10 });
    const missing = await flags(['get', 'nope', '--url', pgUrl]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no flag "nope"');
  });

  it('disable, enable, rollout', async () => {
    const off = await flags(['disable', 'new-checkout', '--url', pgUrl]);
    expect(off.stdout).toContain('status inactive');
    const evalOff = JSON.parse((await flags(['eval', 'new-checkout', '--json', '--url', pgUrl])).stdout);
    expect(evalOff).toMatchObject({ value: false, reason: 'DISABLED' });
    expect((await flags(['enable', 'new-checkout', '--url', pgUrl])).stdout).toContain('status active');
    const rollout = await flags(['rollout', 'new-checkout', '100', '--rule', 'everyone-10', '--url', pgUrl]);
    expect(rollout.code).toBe(0);
    const flag = JSON.parse((await flags(['get', 'new-checkout', '--json', '--url', pgUrl])).stdout);
    expect(flag.rules.map((r: { rolloutPercentage: number | null }) => r.rolloutPercentage)).toEqual([null, 30, 100]);
    expect((await flags(['rollout', 'new-checkout', '101', '--url', pgUrl])).code).toBe(2);
  });

  it('override set / rm, seen by eval', async () => {
    const set = await flags(['override', 'set', 'upload-limit', 'user', 'u-77', '--value', '777', '--url', pgUrl]);
    expect(set.code).toBe(0);
    const evaluated = JSON.parse(
      (await flags(['eval', 'upload-limit', '--context', '{"userId":"u-77"}', '--json', '--url', pgUrl])).stdout,
    );
    expect(evaluated).toMatchObject({ value: 777, reason: 'OVERRIDE' });
    expect((await flags(['override', 'rm', 'upload-limit', 'user', 'u-77', '--url', pgUrl])).code).toBe(0);
    const again = await flags(['override', 'rm', 'upload-limit', 'user', 'u-77', '--url', pgUrl]);
    expect(again.code).toBe(1);
  });

  it('eval --explain prints the decision path', async () => {
    const context = JSON.stringify({ targetingKey: 'user-3', userId: 'user-3', appVersion: '2.1.0', plan: 'pro' });
    const run = await flags(['eval', 'new-checkout', '--explain', '--context', context, '--url', pgUrl]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('status: active');
    expect(run.stdout).toContain('overrides probed: user:user-3, targeting_key:user-3');
    expect(run.stdout).toContain('rules (in evaluation order):');
    expect(run.stdout).toMatch(/✓ plan in \["pro","enterprise"\]\s+\(context: "pro"\)/);
    expect(run.stdout).toMatch(/rollout by targetingKey, else userId \("user-3"\): bucket \d+ [≤>] 30%/);
    expect(run.stdout).toContain('prerequisites: none');
    const json = JSON.parse(
      (await flags(['eval', 'new-checkout', '--explain', '--json', '--context', context, '--url', pgUrl])).stdout,
    );
    expect(json.rules).toHaveLength(3);
    expect(json.details.flagKey).toBe('new-checkout');
  });

  it('copy to Redis, then export from Redis gives the same number of records', async () => {
    const copy = await flags(['copy', '--from', pgUrl, '--to', redis.url, '--redis-prefix', redis.redisPrefix!]);
    expect(copy.code).toBe(0);
    const exported = await flags(['export', '--url', redis.url, '--redis-prefix', redis.redisPrefix!]);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: '@flags', version: 1 });
    expect(lines).toHaveLength(lineCount);
  });

  it('a corrupt file fails with exit 1, names the line, and writes nothing', async () => {
    const empty = await scratchStore('sqlite');
    try {
      const bad = join(dir, 'bad.ndjson');
      writeFileSync(
        bad,
        `${JSON.stringify({ format: '@flags', version: 1 })}\n{"kind":"flag","data":{"key":"ok"}}\n{"kind":"flag","data":{"key":"9bad"}}\n`,
      );
      const run = await flags(['import', bad, '--url', empty.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('record 3');
      expect((await flags(['list', '--json', '--url', empty.url])).stdout).toBe('');
      writeFileSync(bad, `${JSON.stringify({ format: '@flags', version: 9 })}\n`);
      const version = await flags(['import', bad, '--url', empty.url]);
      expect(version.code).toBe(1);
      expect(version.stderr).toContain('reads version 1');
    } finally {
      await empty.drop();
    }
  });

  it('reads a document from stdin (-)', async () => {
    const memory = await flags(
      ['import', '-', '--url', 'memory:'],
      {},
      `${JSON.stringify({ format: '@flags', version: 1 })}\n{"kind":"flag","data":{"key":"from-stdin"}}\n`,
    );
    expect(memory.code).toBe(0);
    expect(memory.stdout).toContain('created: 1 flags');
  });

  it('never prints a password', async () => {
    const secretUrl = 'postgres://postgres:s3cret-pw@127.0.0.1:1/nothing';
    const run = await flags(['list', '--url', secretUrl]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('s3cret-pw');
    const env = await flags(['list'], { FLAGS_URL: 'redis://:t0ken-secret@127.0.0.1:1/0' });
    expect(env.code).toBe(1);
    expect(`${env.stdout}${env.stderr}`).not.toContain('t0ken-secret');
  });

  it('masks a password that is a common word without mangling the rest of the message', async () => {
    // Masking by position: the scheme, user, database and driver text that spell "postgres" stay.
    const run = await flags(['list', '--url', 'postgres://postgres:postgres@127.0.0.1:1/postgres']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('postgres://postgres:***@127.0.0.1:1/postgres');
    expect(run.stderr).not.toContain(':postgres@');
    const upstash = await flags(['list', '--url', 'https://flags.upstash.io'], { UPSTASH_REDIS_REST_TOKEN: 'flags' });
    expect(upstash.code).toBe(1);
    expect(upstash.stderr).toMatch(/^\[@flags\/storage-redis\] reading flags .*flags\.upstash\.io/m);
    const scheme = await flags(['list', '--url', 'ftp://flags:flags@flags.example/flags']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('unsupported store URL scheme in "ftp://flags:***@flags.example/flags"');
  });
});
