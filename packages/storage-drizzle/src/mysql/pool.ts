import { createPool, type Pool } from 'mysql2/promise';

const STRICT_MODE = "set session sql_mode = concat_ws(',', nullif(@@session.sql_mode, ''), 'STRICT_ALL_TABLES')";

type CallbackConnection = { query(sql: string, done: (error: unknown) => void): void };

/** Options of {@link createStrictPool}. */
export interface StrictPoolOptions {
  connectTimeoutMs: number;
  maxConnections: number;
}

/**
 * A mysql2 pool whose every connection runs in strict SQL mode (`STRICT_ALL_TABLES` added to the
 * server's modes) before its first statement: a server or user whose default is not strict would
 * otherwise clamp an out-of-range number or cut an over-long string with a mere warning.
 */
export function createStrictPool(uri: string, options: StrictPoolOptions): Pool {
  const pool = createPool({
    uri,
    connectTimeout: options.connectTimeoutMs,
    connectionLimit: options.maxConnections,
    charset: 'utf8mb4',
    enableKeepAlive: true,
  });
  // Queued on the new connection before the pool hands it out, so it runs before any query of ours.
  // mysql2 hands its callback-style connection to this event, whatever its typings say.
  pool.on('connection', (connection) => {
    (connection as unknown as CallbackConnection).query(STRICT_MODE, () => {
      // A failure here (a broken connection) shows on the connection's next query, as a StorageError.
    });
  });
  return pool;
}
