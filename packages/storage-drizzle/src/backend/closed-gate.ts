import { closedError } from '@flags/core/backend';
import { PACKAGE } from '../errors/errors.js';

/**
 * Whether the backend was closed, shared by its reads and writes. After `close()` every call rejects
 * with the same `StorageError` as on every backend — also when the app owns the database and keeps it
 * open, so use after close fails the same way whoever owns the connection.
 */
export class ClosedGate {
  #closed = false;

  /** From now on {@link check} throws. */
  close(): void {
    this.#closed = true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** @throws StorageError once closed. */
  check(): void {
    if (this.#closed) throw closedError(PACKAGE);
  }
}
