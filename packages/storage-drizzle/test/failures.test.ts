import { FeatureFlagClient, StorageError } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './support/closed-port.js';
import { MYSQL, PG } from './support/servers.js';

const SECRET = 'pa55-w0rd.secret';

/** The same server URL with other credentials. */
function withLogin(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

/** What every failing store must show: a StorageError naming the URL without its password. */
async function expectMaskedFailure(attempt: Promise<unknown>, maskedUrl: string): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  const message = (error as Error).message;
  expect(message.startsWith('[@flags/storage-drizzle] ')).toBe(true);
  expect(message).toContain(maskedUrl);
  expect(message).not.toContain(SECRET);
}

/** A backend over a failing store: reads fail cleanly, health is false, the client serves defaults. */
async function expectDegraded(url: string, maskedUrl: string, tryCreateTables = true): Promise<void> {
  const backend = await DrizzleStorageBackend.create({ url, connectTimeoutMs: 1_000, timeoutMs: 2_000 });
  try {
    await expectMaskedFailure(backend.getFlag('anything'), maskedUrl);
    await expectMaskedFailure(backend.createFlag({ key: 'anything' }), maskedUrl);
    expect(await backend.healthCheck()).toBe(false);
    const client = new FeatureFlagClient({ storage: backend });
    expect(await client.getBooleanValue('anything', true)).toBe(true);
    const details = await client.getBooleanDetails('anything', true, { userId: 'u1' });
    expect(details).toMatchObject({ value: true, reason: 'ERROR' });
  } finally {
    await backend.close();
  }
  if (tryCreateTables) {
    const creating = DrizzleStorageBackend.create({ url, createTables: true, connectTimeoutMs: 1_000 });
    await expectMaskedFailure(creating, maskedUrl);
  }
}

describe('a server that is down', () => {
  let port = 0;
  beforeAll(async () => {
    port = await closedPort();
  });

  it('PostgreSQL: StorageError with the masked URL, health false, client defaults', async () => {
    const url = `postgres://flags:${SECRET}@127.0.0.1:${port}/flags`;
    await expectDegraded(url, `postgres://flags:***@127.0.0.1:${port}/flags`);
  });

  it('MariaDB: StorageError with the masked URL, health false, client defaults', async () => {
    const url = `mysql://flags:${SECRET}@127.0.0.1:${port}/flags`;
    await expectDegraded(url, `mysql://flags:***@127.0.0.1:${port}/flags`);
  });
});

describe('a server that refuses the login', () => {
  it('PostgreSQL (unknown role): StorageError with the masked URL, health false, client defaults', async () => {
    const url = withLogin(PG.url, 'no_such_role_flags', SECRET);
    await expectDegraded(url, withLogin(PG.url, 'no_such_role_flags', '***').replace('%2A%2A%2A', '***'));
  });

  it('MariaDB (wrong password): StorageError with the masked URL, health false, client defaults', async () => {
    const url = withLogin(MYSQL.url, 'root', SECRET);
    await expectDegraded(url, withLogin(MYSQL.url, 'root', '***').replace('%2A%2A%2A', '***'));
  });
});

describe('a host that never answers', () => {
  // A non-routable address: depending on the network, connecting fails at once, times out, or
  // (behind some proxies) is accepted and dropped before the handshake, which postgres.js retries
  // forever. Every operation still settles within timeoutMs; the test timeout is the bound.
  for (const url of [`postgres://u:${SECRET}@10.255.255.1:5432/db`, `mysql://u:${SECRET}@10.255.255.1:3306/db`]) {
    it(`${url.split(':')[0]}: every operation gives up in time`, { timeout: 45_000 }, async () => {
      await expectDegraded(url, url.replace(SECRET, '***'), false);
    });
  }
});

describe('SQLite', () => {
  let backend: DrizzleStorageBackend | undefined;
  afterAll(() => backend?.close());

  it('a file that cannot be opened: StorageError naming the path', async () => {
    const path = '/nonexistent-flags-dir/sub/flags.db';
    await expect(DrizzleStorageBackend.create({ url: `sqlite:${path}` })).rejects.toThrow(
      new RegExp(`^\\[@flags/storage-drizzle\\] open failed on sqlite:${path}`),
    );
  });

  it('tables that do not exist: StorageError naming the fix, health false (the file answers, the tables are not there)', async () => {
    backend = await DrizzleStorageBackend.create({ url: ':memory:' });
    await expect(backend.getFlag('x')).rejects.toBeInstanceOf(StorageError);
    await expect(backend.getFlag('x')).rejects.toThrow(/no such table: ff_flags.*createTables: true.*migrate\(db\)/);
    expect(await backend.healthCheck()).toBe(false);
  });
});
