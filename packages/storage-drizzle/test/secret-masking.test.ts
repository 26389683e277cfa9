/**
 * No secret leaks through a StorageError, whatever the real driver (postgres.js, mysql2) puts in its
 * own error: wrong credentials, an unreachable server, a database that does not exist. Each case runs
 * with a strong password and with one that is a common word; masking by where the text puts a
 * credential gives the same message for both, so a common word leaves the rest of the message intact.
 */
import { StorageError } from '@flags/core';
import { DrizzleStorageBackend } from '@flags/storage-drizzle';
import { errorTexts } from '@flags/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './support/closed-port.js';
import { admin, MYSQL, PG, scratchName } from './support/servers.js';

const STRONG = 'Zq81-xkP0.strong';

/** `url` (a server URL) with another user, password and database. */
function login(url: string, user: string, password: string, database?: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  if (database !== undefined) parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The StorageErrors of a read and of `createTables` on `url`, after checking that neither holds `secret`. */
async function failures(url: string, secret: string): Promise<string[]> {
  const errors: unknown[] = [];
  const backend = await DrizzleStorageBackend.create({ url, connectTimeoutMs: 1_000, timeoutMs: 3_000 });
  try {
    errors.push(
      await backend.getFlag('anything').then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
  } finally {
    await backend.close();
  }
  const creating = DrizzleStorageBackend.create({ url, createTables: true, connectTimeoutMs: 1_000 });
  errors.push(
    await creating.then(
      async (opened) => opened.close(),
      (error: unknown) => error,
    ),
  );
  for (const error of errors) {
    expect(error).toBeInstanceOf(StorageError);
    for (const text of errorTexts(error)) expect(text).not.toContain(secret);
  }
  return errors.map((error) => (error as Error).message);
}

/** The messages with a strong secret and with `word` are the same: only the credential was masked. */
async function expectMasked(urlWith: (password: string) => string, word: string, shows: RegExp): Promise<void> {
  const strong = await failures(urlWith(STRONG), STRONG);
  const common = await failures(urlWith(word), `:${word}@`);
  expect(common).toStrictEqual(strong);
  for (const message of strong) {
    expect(message).toMatch(/^\[@flags\/storage-drizzle\] /);
    expect(message).toMatch(shows);
  }
}

let port = 0;
beforeAll(async () => {
  port = await closedPort();
});

describe('PostgreSQL (postgres.js)', () => {
  it('a role that does not exist', async () => {
    const url = (password: string) => login(PG.url, 'no_such_role_flags', password);
    await expectMasked(
      url,
      'postgres',
      /postgres:\/\/no_such_role_flags:\*\*\*@.*role "no_such_role_flags" does not exist/,
    );
  });

  it('an unreachable server', async () => {
    const url = (password: string) => `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    await expectMasked(
      url,
      'postgres',
      new RegExp(`postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/postgres: .*ECONNREFUSED`),
    );
  });

  it('a database that does not exist', async () => {
    const url = (password: string) => login(PG.url, 'postgres', password, 'flags_no_such_db');
    await expectMasked(
      url,
      'flags',
      /postgres:\/\/postgres:\*\*\*@.*\/flags_no_such_db: database "flags_no_such_db" does not exist/,
    );
  });
});

describe('MariaDB (mysql2)', () => {
  // A user of our own with a password, so the server checks one (root has none here).
  const user = scratchName('mask');
  let password = '';
  const setPassword = async (next: string) => {
    password = next;
    await admin(MYSQL, async (run) => {
      await run(`create user if not exists '${user}'@'%' identified by '${next}'`);
      await run(`alter user '${user}'@'%' identified by '${next}'`);
    });
  };
  afterAll(async () => {
    await admin(MYSQL, async (run) => run(`drop user if exists '${user}'@'%'`));
  });

  it('a wrong password', async () => {
    await setPassword('the-right-one');
    const url = (wrong: string) => login(MYSQL.url, user, wrong);
    await expectMasked(url, 'mysql', new RegExp(`mysql://${user}:\\*\\*\\*@.*Access denied for user '${user}'`));
  });

  it('an unreachable server', async () => {
    const url = (secret: string) => `mysql://root:${secret}@127.0.0.1:${port}/flags`;
    await expectMasked(
      url,
      'mysql',
      new RegExp(`mysql://root:\\*\\*\\*@127\\.0\\.0\\.1:${port}/flags: .*ECONNREFUSED`),
    );
  });

  it('a database the user cannot open (right password)', async () => {
    const url = (secret: string) => login(MYSQL.url, user, secret, 'flags_no_such_db');
    const strong = async (secret: string) => {
      await setPassword(secret);
      return url(secret);
    };
    await setPassword(STRONG);
    const withStrong = await failures(await strong(STRONG), STRONG);
    const withWord = await failures(await strong('flags'), `:flags@`);
    expect(withWord).toStrictEqual(withStrong);
    expect(password).toBe('flags');
    for (const message of withStrong) {
      expect(message).toMatch(new RegExp(`mysql://${user}:\\*\\*\\*@.*/flags_no_such_db: .*'flags_no_such_db'`));
    }
  });
});
