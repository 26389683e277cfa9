import { generateId } from '@flags/core';
import { createTables, type MemoryTables } from './tables.js';

/**
 * The data of an in-memory store. Every {@link MemoryStorageBackend} keeps its data in one; hand the
 * same store to several backends (`new MemoryStorageBackend({ store: other.store })`) and they see the
 * same flags, like several connections to one database — closing one leaves the others working.
 */
export class MemoryStore {
  /** @internal */
  readonly tables: MemoryTables = createTables();

  // A random prefix keeps revisions of two stores apart: a cache moved from one store to another
  // never mistakes the new store's revision for the one it saw.
  readonly #instance = generateId();
  #writes = 0;

  /** The current revision token: changes on every successful write. */
  get revision(): string {
    return `${this.#instance}:${this.#writes}`;
  }

  /** Records that a write happened. @internal */
  touch(): void {
    this.#writes += 1;
  }
}
