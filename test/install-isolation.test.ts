/**
 * "Install only the backend you need", proven the way a user meets it: the packages are packed as
 * `pnpm publish` would, installed with npm into fresh projects outside the workspace, and each
 * project must not get the drivers of the backends it did not choose, must run a flag evaluation
 * against the real service, and must type-check against the published declarations.
 *
 * Slow by nature (npm installs from the registry): a minute or two. Needs Redis and PostgreSQL
 * (`FLAGS_TEST_REDIS_URL`, `FLAGS_TEST_PG_URL` override the loopback defaults).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectServiceUp, OutsideProject, outsideEnv } from './support/outside-project.js';
import { packWorkspacePackages } from './support/pack.js';
import { run } from './support/run.js';
import { publicPackages, readManifest } from './support/workspace.js';

const REDIS_URL = process.env.FLAGS_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const PG_URL = process.env.FLAGS_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const RUN_ID = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Every database driver or client any backend can use; a project gets only its own backend's. */
const ALL_DRIVERS = ['drizzle-orm', 'better-sqlite3', 'postgres', 'mysql2', 'ioredis', '@upstash/redis'];
/** Packages of ours a backend project must not get: the testkit and the other backends. */
const OTHER_OURS = [
  '@flags/testkit',
  '@flags/storage-memory',
  '@flags/storage-drizzle',
  '@flags/storage-redis',
  '@flags/openfeature',
];

/** The strictest settings a user is likely to have; `@ts-expect-error` lines prove the types are not `any`. */
const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      types: ['node'],
    },
    include: ['*.ts'],
  },
  null,
  2,
)}\n`;

const REDIS_APP = `
import { FeatureFlagClient } from '@flags/core';
import { createIoRedisStorageBackend } from '@flags/storage-redis/ioredis';
import { Redis } from 'ioredis';

const { FLAGS_REDIS_URL: url, FLAGS_PREFIX: prefix } = process.env;
const storage = createIoRedisStorageBackend({ url, prefix });
try {
  await storage.createFlag({
    key: 'new-checkout',
    rules: [{ name: 'beta', conditions: [{ attribute: 'plan', operator: 'eq', value: 'beta' }], serveEnabled: true }],
  });
  const client = new FeatureFlagClient({ storage });
  const beta = await client.getBooleanDetails('new-checkout', false, { targetingKey: 'u-1', attributes: { plan: 'beta' } });
  const free = await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-2', attributes: { plan: 'free' } });
  console.log(JSON.stringify({ beta: [beta.value, beta.reason], free: [free.value, free.reason] }));
} finally {
  await storage.close();
  // Leave nothing behind on the shared server.
  const redis = new Redis(url);
  const keys = await redis.keys(prefix.replace(/[*?[\\]\\\\]/g, '\\\\$&') + '*');
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
`;

const REDIS_TYPES = `
import { FeatureFlagClient, type FeatureFlag, type StorageBackend } from '@flags/core';
import { RedisStorageBackend, type RedisConnectOptions } from '@flags/storage-redis';
import { createIoRedisStorageBackend } from '@flags/storage-redis/ioredis';

const storage: StorageBackend = createIoRedisStorageBackend({ url: 'redis://127.0.0.1:6379', prefix: 'app:' });
const options: RedisConnectOptions = { url: 'redis+sentinel://127.0.0.1:26379/mymaster', prefix: 'app:', timeoutMs: 1_000 };
export const make = (): Promise<StorageBackend> => RedisStorageBackend.create(options);
// @ts-expect-error the constructor takes a client (redis or commands), not a URL
new RedisStorageBackend({ url: 'redis://127.0.0.1:6379' });
const client = new FeatureFlagClient({ storage });
export const enabled: Promise<boolean> = client.getBooleanValue('new-checkout', false);
// @ts-expect-error a boolean flag's default must be a boolean
client.getBooleanValue('new-checkout', 'yes');
// @ts-expect-error the backend has no such method
storage.getFlagByName('x');
export const keyOf = (flag: FeatureFlag): string => flag.key;
`;

const DRIZZLE_APP = `
import { FeatureFlagClient } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import postgres from 'postgres';

const { FLAGS_PG_URL: url, FLAGS_TABLE_PREFIX: tablePrefix } = process.env;
const storage = await DrizzleStorageBackend.create({ url, tablePrefix, createTables: true });
try {
  await storage.createFlag({
    key: 'new-checkout',
    rules: [{ name: 'beta', conditions: [{ attribute: 'plan', operator: 'eq', value: 'beta' }], serveEnabled: true }],
  });
  const client = new FeatureFlagClient({ storage });
  const beta = await client.getBooleanDetails('new-checkout', false, { targetingKey: 'u-1', attributes: { plan: 'beta' } });
  const free = await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-2', attributes: { plan: 'free' } });
  console.log(JSON.stringify({ beta: [beta.value, beta.reason], free: [free.value, free.reason] }));
} finally {
  await storage.close();
  // Leave nothing behind on the shared server: this run's tables and their migrations table.
  const sql = postgres(url, { onnotice: () => {} });
  const tables = await sql\`select tablename from pg_tables where schemaname = current_schema()\`;
  for (const { tablename } of tables) {
    if (tablename.startsWith(tablePrefix) || tablename === '__' + tablePrefix + 'migrations') {
      await sql\`drop table if exists \${sql(tablename)} cascade\`;
    }
  }
  await sql.end();
}
`;

const DRIZZLE_TYPES = `
import { FeatureFlagClient, type StorageBackend } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { createStorage, flagsTables } from '@flags/storage-drizzle/pg';

const storage: StorageBackend = await DrizzleStorageBackend.create({ url: 'postgres://localhost/app' });
export const pg: Promise<StorageBackend> = createStorage({ url: 'postgres://localhost/app', tablePrefix: 'app_' });
export const tables = flagsTables('app_');
const client = new FeatureFlagClient({ storage });
export const value: Promise<string> = client.getStringValue('theme', 'light');
// @ts-expect-error a string flag's default must be a string
client.getStringValue('theme', 1);
`;

const OPENFEATURE_APP = `
import { FlagsProvider } from '@flags/openfeature';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { OpenFeature } from '@openfeature/server-sdk';

const storage = new MemoryStorageBackend();
await storage.createFlag({
  key: 'new-checkout',
  rules: [{ name: 'beta', conditions: [{ attribute: 'plan', operator: 'eq', value: 'beta' }], serveEnabled: true }],
});
await OpenFeature.setProviderAndWait(new FlagsProvider({ storage }));
const client = OpenFeature.getClient();
const beta = await client.getBooleanDetails('new-checkout', false, { targetingKey: 'u-1', plan: 'beta' });
const free = await client.getBooleanDetails('new-checkout', true, { targetingKey: 'u-2', plan: 'free' });
console.log(JSON.stringify({ beta: [beta.value, beta.reason, beta.variant], free: [free.value, free.reason] }));
await OpenFeature.close();
`;

const OPENFEATURE_TYPES = `
import { FlagsProvider, type FlagsProviderOptions } from '@flags/openfeature';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { OpenFeature, type Provider } from '@openfeature/server-sdk';

const options: FlagsProviderOptions = { storage: new MemoryStorageBackend(), pollMs: 500, disabledValue: 'off-value' };
const provider: Provider = new FlagsProvider(options);
export const ready: Promise<void> = OpenFeature.setProviderAndWait(provider);
// @ts-expect-error disabledValue takes 'fallback' or 'off-value'
export const bad = new FlagsProvider({ storage: new MemoryStorageBackend(), disabledValue: 'off' });
`;

/** Peer range of a dependency in a packed manifest, for installing the version a user would get. */
function peerSpec(tarball: string, dependency: string): string {
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  ) as {
    peerDependencies?: Record<string, string>;
  };
  const range = manifest.peerDependencies?.[dependency];
  if (!range) throw new Error(`${tarball} has no peer ${dependency}`);
  return `${dependency}@${range}`;
}

function typesNodeSpec(): string {
  const range = readManifest(join(import.meta.dirname, '..')).devDependencies?.['@types/node'] ?? '20';
  return `@types/node@${range}`;
}

describe('install only the backend you need (packed tarballs, npm, a project outside the workspace)', () => {
  const workRoot = mkdtempSync(join(tmpdir(), 'flags-install-'));
  let tarballs: Map<string, string>;

  beforeAll(async () => {
    tarballs = await packWorkspacePackages(
      publicPackages().map((pkg) => pkg.manifest.name),
      join(workRoot, 'tarballs'),
    );
  }, 600_000);
  afterAll(() => rmSync(workRoot, { recursive: true, force: true }));

  const tarball = (name: string) => {
    const path = tarballs.get(name);
    if (!path) throw new Error(`${name} was not packed`);
    return path;
  };

  it('core + storage-redis + ioredis: no drizzle-orm, SQL driver or Upstash client; evaluates on Redis; type-checks', async () => {
    await expectServiceUp('Redis', REDIS_URL, 'FLAGS_TEST_REDIS_URL', 6379);
    const project = OutsideProject.create(join(workRoot, 'redis-app'), 'redis-app');
    const redis = tarball('@flags/storage-redis');
    await project.npm(['install', tarball('@flags/core'), redis, peerSpec(redis, 'ioredis'), typesNodeSpec()]);

    const installed = project.installedPackages();
    expect(['@flags/core', '@flags/storage-redis', 'ioredis'].filter((name) => !installed.has(name))).toStrictEqual([]);
    const unwanted = [...ALL_DRIVERS, ...OTHER_OURS].filter(
      (name) => name !== 'ioredis' && name !== '@flags/storage-redis',
    );
    expect(unwanted.filter((name) => installed.has(name))).toStrictEqual([]);

    project.write('app.mjs', REDIS_APP);
    const { stdout } = await project.node('app.mjs', {
      FLAGS_REDIS_URL: REDIS_URL,
      FLAGS_PREFIX: `flags-install:${RUN_ID}:`,
    });
    expect(JSON.parse(stdout)).toStrictEqual({ beta: [true, 'TARGETING_MATCH'], free: [false, 'DEFAULT'] });

    project.write('tsconfig.json', TSCONFIG);
    project.write('check.ts', REDIS_TYPES);
    await project.typecheck();
  }, 600_000);

  it('core + storage-drizzle + drizzle-orm + postgres: no mysql2, better-sqlite3 or Redis client; evaluates on PostgreSQL; type-checks', async () => {
    await expectServiceUp('PostgreSQL', PG_URL, 'FLAGS_TEST_PG_URL', 5432);
    const project = OutsideProject.create(join(workRoot, 'drizzle-app'), 'drizzle-app');
    const drizzle = tarball('@flags/storage-drizzle');
    await project.npm([
      'install',
      tarball('@flags/core'),
      drizzle,
      peerSpec(drizzle, 'drizzle-orm'),
      peerSpec(drizzle, 'postgres'),
      typesNodeSpec(),
    ]);

    const installed = project.installedPackages();
    expect(
      ['@flags/core', '@flags/storage-drizzle', 'drizzle-orm', 'postgres'].filter((name) => !installed.has(name)),
    ).toStrictEqual([]);
    const wanted = ['drizzle-orm', 'postgres', '@flags/storage-drizzle'];
    const unwanted = [...ALL_DRIVERS, ...OTHER_OURS].filter((name) => !wanted.includes(name));
    expect(unwanted.filter((name) => installed.has(name))).toStrictEqual([]);

    project.write('app.mjs', DRIZZLE_APP);
    const { stdout } = await project.node('app.mjs', { FLAGS_PG_URL: PG_URL, FLAGS_TABLE_PREFIX: `inst_${RUN_ID}_` });
    expect(JSON.parse(stdout)).toStrictEqual({ beta: [true, 'TARGETING_MATCH'], free: [false, 'DEFAULT'] });

    project.write('tsconfig.json', TSCONFIG);
    project.write('check.ts', DRIZZLE_TYPES);
    await project.typecheck();
  }, 600_000);

  it('core + storage-memory + openfeature + the OpenFeature SDK: no driver, testkit or other backend; evaluates; type-checks', async () => {
    const project = OutsideProject.create(join(workRoot, 'openfeature-app'), 'openfeature-app');
    const provider = tarball('@flags/openfeature');
    await project.npm([
      'install',
      tarball('@flags/core'),
      tarball('@flags/storage-memory'),
      provider,
      peerSpec(provider, '@openfeature/server-sdk'),
      typesNodeSpec(),
    ]);

    const installed = project.installedPackages();
    const wanted = ['@flags/core', '@flags/storage-memory', '@flags/openfeature', '@openfeature/server-sdk'];
    expect(wanted.filter((name) => !installed.has(name))).toStrictEqual([]);
    const unwanted = [...ALL_DRIVERS, ...OTHER_OURS].filter((name) => !wanted.includes(name));
    expect(unwanted.filter((name) => installed.has(name))).toStrictEqual([]);

    project.write('app.mjs', OPENFEATURE_APP);
    const { stdout } = await project.node('app.mjs');
    expect(JSON.parse(stdout)).toStrictEqual({ beta: [true, 'TARGETING_MATCH', 'beta'], free: [false, 'DEFAULT'] });

    project.write('tsconfig.json', TSCONFIG);
    project.write('check.ts', OPENFEATURE_TYPES);
    await project.typecheck();
  }, 600_000);

  it('cli + core + storage-redis + ioredis: the `flags` bin loads only the Redis backend; imports and lists on Redis', async () => {
    await expectServiceUp('Redis', REDIS_URL, 'FLAGS_TEST_REDIS_URL', 6379);
    const project = OutsideProject.create(join(workRoot, 'cli-app'), 'cli-app');
    const redis = tarball('@flags/storage-redis');
    await project.npm(['install', tarball('@flags/cli'), tarball('@flags/core'), redis, peerSpec(redis, 'ioredis')]);

    const installed = project.installedPackages();
    expect(
      ['@flags/cli', '@flags/core', '@flags/storage-redis', 'ioredis'].filter((name) => !installed.has(name)),
    ).toStrictEqual([]);
    const unwanted = [...ALL_DRIVERS, ...OTHER_OURS].filter(
      (name) => name !== 'ioredis' && name !== '@flags/storage-redis',
    );
    expect(unwanted.filter((name) => installed.has(name))).toStrictEqual([]);

    const prefix = `flags-install-cli:${RUN_ID}:`;
    project.write(
      'flags.ndjson',
      '{"format":"@flags","version":1}\n{"kind":"flag","data":{"key":"from-cli","defaultEnabled":true}}\n',
    );
    const flags = (...args: string[]) =>
      run(join(project.dir, 'node_modules', '.bin', 'flags'), [...args, '--url', REDIS_URL, '--redis-prefix', prefix], {
        cwd: project.dir,
        env: outsideEnv(),
        timeoutMs: 60_000,
      });
    try {
      expect((await flags('import', 'flags.ndjson')).stdout).toContain('created: 1 flags');
      const listed = (await flags('list', '--json')).stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(listed.map((flag: { key: string }) => flag.key)).toStrictEqual(['from-cli']);
      // A SQL URL names the packages it would need instead of failing obscurely.
      const sql = await run(
        join(project.dir, 'node_modules', '.bin', 'flags'),
        ['list', '--url', 'postgres://x@127.0.0.1:1/x'],
        {
          cwd: project.dir,
          env: outsideEnv(),
          timeoutMs: 60_000,
        },
      ).catch((error: Error) => error);
      expect(String(sql)).toContain('needs @flags/storage-drizzle');
    } finally {
      project.write('empty.ndjson', '{"format":"@flags","version":1}\n');
      await flags('import', 'empty.ndjson', '--mode', 'replace');
    }
  }, 600_000);
});
