import { randomBytes } from 'node:crypto';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { createPool } from 'mysql2/promise';
import postgres from 'postgres';
import { maskUrl } from '../../src/errors/errors.js';

/** A database server the suites need, and how to point them at another one. */
export interface Server {
  name: 'PostgreSQL' | 'MariaDB';
  envVar: 'FLAGS_TEST_PG_URL' | 'FLAGS_TEST_MYSQL_URL';
  url: string;
}

export const PG: Server = {
  name: 'PostgreSQL',
  envVar: 'FLAGS_TEST_PG_URL',
  url: process.env.FLAGS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
};

export const MYSQL: Server = {
  name: 'MariaDB',
  envVar: 'FLAGS_TEST_MYSQL_URL',
  url: process.env.FLAGS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};

/** The same server URL with another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A database name no other suite (or earlier run) uses. */
export const scratchName = (label: string) => `flags_${label}_${randomBytes(4).toString('hex')}`;

function unreachable(server: Server, error: unknown): Error {
  const reason = error instanceof Error ? error.message || String((error as { code?: string }).code) : String(error);
  return new Error(
    `[@flags/storage-drizzle tests] ${server.name} is needed but not reachable at ${maskUrl(server.url)} (${reason}). ` +
      `Start it (scripts/services.sh does) or set ${server.envVar} to a server URL.`,
  );
}

/** Runs `work` on an admin connection to the server; an unreachable server fails with a message naming it. */
export async function admin<T>(
  server: Server,
  work: (run: (statement: string) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  if (server === PG) {
    const client = postgres(server.url, { max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      await client`select 1`.catch((error) => {
        throw unreachable(server, error);
      });
      return await work((statement) => client.unsafe(statement));
    } finally {
      await client.end({ timeout: 5 });
    }
  }
  const pool = createPool({ uri: server.url, connectTimeout: 5_000, connectionLimit: 1 });
  try {
    await pool.query('select 1').catch((error) => {
      throw unreachable(server, error);
    });
    return await work((statement) => pool.query(statement));
  } finally {
    await pool.end();
  }
}

/** Creates an empty database on the server and returns its URL (fails naming the server when down). */
export async function createScratchDatabase(server: Server, label: string): Promise<string> {
  const name = scratchName(label);
  await admin(server, async (run) => {
    await run(`create database ${name}`);
  });
  return withDatabase(server.url, name);
}

/** Drops a database made by {@link createScratchDatabase}. */
export async function dropScratchDatabase(server: Server, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin(server, async (run) => {
    await run(server === PG ? `drop database if exists ${name} with (force)` : `drop database if exists ${name}`);
  });
}

/** A drizzle database on `url` (for `migrate`, `{ db }` wiring and inspection) and how to end it. */
export function openDrizzle(server: Server, url: string) {
  if (server === PG) {
    const client = postgres(url, { max: 4, onnotice: () => {} });
    return { db: drizzlePg({ client }), end: () => client.end({ timeout: 5 }) };
  }
  const pool = createPool({ uri: url, connectionLimit: 4 });
  return { db: drizzleMysql({ client: pool }), end: () => pool.end() };
}
