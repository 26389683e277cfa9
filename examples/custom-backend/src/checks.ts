import { ConflictError, NotFoundError } from '@flags/core';
import type { StoreDocument } from './document.js';

/** Starts every error message of this backend. */
export const PACKAGE = '[flags-storage-json-file]';

/** @throws NotFoundError when no flag has `flagId`. */
export function requireFlag(document: StoreDocument, flagId: string): void {
  if (!document.flags.some((flag) => flag.id === flagId)) {
    throw new NotFoundError(`${PACKAGE} no flag has id "${flagId}"`);
  }
}

/** @throws ConflictError when a record of `records` has `id`. */
export function requireFreeId(records: readonly { id: string }[], id: string, what: string): void {
  if (records.some((record) => record.id === id)) throw new ConflictError(`${PACKAGE} ${what} id "${id}" is taken`);
}

/** The position of the record with `id`. @throws NotFoundError when none has it. */
export function requireIndex(records: readonly { id: string }[], id: string, what: string): number {
  const index = records.findIndex((record) => record.id === id);
  if (index < 0) throw new NotFoundError(`${PACKAGE} no ${what} has id "${id}"`);
  return index;
}

/** Code-unit order, the same on every platform and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
