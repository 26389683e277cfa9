import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';

interface SharedConnection {
  client: Database.Database;
  users: number;
}

// Files this package has open, by real path: every backend on one file in this process shares one
// connection (and with it the gate that orders its transactions), so they never wait on each other's
// file lock — a wait that better-sqlite3 would do synchronously, freezing the event loop.
const open = new Map<string, SharedConnection>();

function keyOf(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync.native(absolute);
  } catch {
    return absolute; // not created yet
  }
}

/** A connection to the SQLite file at `path` and how to give it back (the last user closes it). */
export interface LeasedConnection {
  client: Database.Database;
  release(): void;
}

/**
 * The connection to `path` this process shares, opened (in WAL mode) on first use; `:memory:` is
 * always a new private database.
 * @param busyTimeoutMs how long a write waits for another process's lock (first opener's value wins).
 */
export function acquireConnection(path: string, busyTimeoutMs: number): LeasedConnection {
  if (path === ':memory:') {
    const client = new Database(path, { timeout: busyTimeoutMs });
    return { client, release: () => client.close() };
  }
  const key = keyOf(path);
  let shared = open.get(key);
  if (!shared) {
    const client = new Database(key, { timeout: busyTimeoutMs });
    try {
      // WAL: readers never block the writer (and vice versa) across processes sharing the file.
      client.pragma('journal_mode = WAL');
    } catch (error) {
      client.close();
      throw error;
    }
    shared = { client, users: 0 };
    open.set(key, shared);
  }
  const connection = shared;
  connection.users++;
  let released = false;
  return {
    client: connection.client,
    release: () => {
      if (released) return;
      released = true;
      connection.users--;
      if (connection.users === 0) {
        open.delete(key);
        connection.client.close();
      }
    },
  };
}
