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

/** How `create` reaches each dialect it supports: loads that dialect's `createStorage`. */
export type Connectors = Partial<Record<DialectName, () => Promise<Connect>>>;

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

/** `DrizzleStorageBackend.create`: connects through the dialect the URL names, if `connectors` reaches it. */
export async function connectByUrl(
  options: DrizzleConnectOptions,
  connectors: Connectors,
): Promise<DrizzleStorageBackend> {
  const { dialect } = parseStorageUrl(options.url);
  const load = connectors[dialect];
  if (!load) {
    const { entry } = DIALECT_ENTRIES[dialect];
    throw new StorageError(
      `${PACKAGE} a ${dialect} URL needs the ${dialect} entry: import { DrizzleStorageBackend } (or createStorage) from '${entry}', or DrizzleStorageBackend from '@flags/storage-drizzle'`,
    );
  }
  return (await load())(options);
}
