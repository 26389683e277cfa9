import { configError } from '../errors/config-error.js';

/** Options of every constructor and `createStorage`, as the checks see them (anything may come from JS). */
interface CheckedOptions {
  url?: unknown;
  db?: unknown;
  timeoutMs?: unknown;
  operationTimeoutMs?: unknown;
  connectTimeoutMs?: unknown;
  maxConnections?: unknown;
  busyTimeoutMs?: unknown;
  flagCacheSize?: unknown;
  clock?: unknown;
  closeClient?: unknown;
  createTables?: unknown;
}

function nonNegative(options: CheckedOptions, name: keyof CheckedOptions): void {
  const value = options[name];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw configError(name, 'must be a finite number ≥ 0');
  }
}

function boolean(options: CheckedOptions, name: keyof CheckedOptions): void {
  const value = options[name];
  if (value !== undefined && typeof value !== 'boolean') throw configError(name, 'must be true or false');
}

/**
 * Checks what a backend is configured with, before anything is opened.
 * @param where `url-or-db`: exactly one of `url` and `db` (a dialect entry's `createStorage`);
 *   `url`: `url` required (`DrizzleStorageBackend.create`); `db`: the constructor (`db` checked elsewhere).
 * @throws ValidationError naming the option and the rule.
 */
export function checkOptions(options: unknown, where: 'url-or-db' | 'url' | 'db'): void {
  if (typeof options !== 'object' || options === null) throw configError('options', 'must be an object');
  const o = options as CheckedOptions;
  if (where === 'url' && o.url === undefined) throw configError('url', 'is required');
  if (where === 'url-or-db') {
    if (o.url !== undefined && o.db !== undefined) {
      throw configError('url', 'give `url` (the package connects) or `db` (your drizzle database), not both');
    }
    if (o.url === undefined && o.db === undefined) {
      throw configError('url', 'give `url` (the package connects) or `db` (your drizzle database)');
    }
  }
  if (o.url !== undefined && typeof o.url !== 'string') throw configError('url', 'must be a string');
  for (const name of [
    'timeoutMs',
    'operationTimeoutMs',
    'connectTimeoutMs',
    'busyTimeoutMs',
    'flagCacheSize',
  ] as const) {
    nonNegative(o, name);
  }
  if (o.maxConnections !== undefined && !(Number.isInteger(o.maxConnections) && (o.maxConnections as number) >= 1)) {
    throw configError('maxConnections', 'must be an integer ≥ 1');
  }
  if (o.clock !== undefined && typeof o.clock !== 'function')
    throw configError('clock', 'must be a function returning a Date');
  boolean(o, 'closeClient');
  boolean(o, 'createTables');
}

/** The per-operation deadline: `timeoutMs`, else its former name `operationTimeoutMs`, else the default. */
export function timeoutOf(options: { timeoutMs?: number; operationTimeoutMs?: number }, fallback: number): number {
  return options.timeoutMs ?? options.operationTimeoutMs ?? fallback;
}

/** Ends the driver client under a drizzle database (postgres.js `end`, mysql2 pool `end`, better-sqlite3 `close`). */
export async function closeClientOf(db: unknown): Promise<void> {
  const client = (db as { $client?: { end?: (options?: object) => unknown; close?: () => unknown } })?.$client;
  if (!client) return;
  if (typeof client.end === 'function') await client.end({ timeout: 2 });
  else if (typeof client.close === 'function') await client.close();
}
