import { StorageError } from '@flags/core';
import type { DrizzleStorageBackend } from '../backend/drizzle-storage-backend.js';
import type { DrizzleConnectOptions } from '../backend/options.js';
import type { DialectName } from '../dialect/dialect.js';
import { PACKAGE } from '../errors/errors.js';
import { parseStorageUrl } from './url.js';

/** A dialect entry's `createStorage`, as `DrizzleStorageBackend.create` calls it. */
export type Connect = (options: DrizzleConnectOptions) => Promise<DrizzleStorageBackend>;

/** Per dialect: the entry a user imports, and the driver package it needs. */
export const DIALECT_ENTRIES: Record<DialectName, { entry: string; driver: string }> = {
  postgres: { entry: '@flags/storage-drizzle/pg', driver: 'postgres' },
  mysql: { entry: '@flags/storage-drizzle/mysql', driver: 'mysql2' },
  sqlite: { entry: '@flags/storage-drizzle/sqlite', driver: 'better-sqlite3' },
};

interface Connector {
  load: () => Promise<Connect>;
  /** Registered by the all-dialects entry: a dialect entry's own registration replaces it. */
  fallback: boolean;
}

// Filled by the modules that were loaded: each dialect entry registers its own `createStorage`
// (so a bundle of `@flags/storage-drizzle/pg` reaches no other driver), and the package's main entry
// registers loaders for all three.
const connectors = new Map<DialectName, Connector>();

/** Makes `DrizzleStorageBackend.create` reach `dialect` through `load`. */
export function registerConnector(dialect: DialectName, load: () => Promise<Connect>, fallback = false): void {
  if (fallback && connectors.has(dialect)) return;
  connectors.set(dialect, { load, fallback });
}

/** Whether `error` says the module `name` (or a subpath of it) could not be found. */
function isMissingModule(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  return missing && typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`'${name}/`));
}

/**
 * Loads a dialect's `createStorage` on demand; a driver that is not installed becomes a StorageError
 * naming the package to install.
 */
export function lazyConnector(dialect: DialectName, load: () => Promise<{ createStorage: Connect }>) {
  return async (): Promise<Connect> => {
    try {
      return (await load()).createStorage;
    } catch (error) {
      const { driver } = DIALECT_ENTRIES[dialect];
      if (!isMissingModule(error, driver)) throw error;
      throw new StorageError(
        `${PACKAGE} ${dialect} needs the \`${driver}\` package, which is not installed: npm install ${driver}`,
      );
    }
  };
}

/** `DrizzleStorageBackend.create`: the dialect the URL names, through whichever entry registered it. */
export async function connectByUrl(options: DrizzleConnectOptions): Promise<DrizzleStorageBackend> {
  const { dialect } = parseStorageUrl(options.url);
  const connector = connectors.get(dialect);
  if (!connector) {
    const { entry } = DIALECT_ENTRIES[dialect];
    throw new StorageError(
      `${PACKAGE} a ${dialect} URL needs the ${dialect} entry: import { createStorage } from '${entry}' (or DrizzleStorageBackend from '${entry}' or '@flags/storage-drizzle')`,
    );
  }
  return (await connector.load())(options);
}
