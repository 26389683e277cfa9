import { DrizzleStorageBackend as Backend } from '../backend/drizzle-storage-backend.js';
import type { DrizzleConnectOptions } from '../backend/options.js';
import { connectByUrl } from '../connection/connectors.js';
import { createStorage } from './connect.js';

/**
 * The @flags `StorageBackend` on drizzle-orm, as this entry exports it: the same backend as the main
 * entry's, whose `create` reaches MySQL/MariaDB only (so a bundle carries this dialect's driver only).
 */
export class DrizzleStorageBackend extends Backend {
  /**
   * Connects to the MySQL/MariaDB database the URL names (see `createStorage` of this entry for every option).
   * @throws StorageError for another dialect's URL (naming the entry to import), or when
   *   `createTables` cannot run.
   */
  static create(options: DrizzleConnectOptions): Promise<Backend> {
    return connectByUrl(options, { mysql: async () => createStorage });
  }
}
