import { decodeModel, encodeModel, type FeatureFlag, StorageError } from '@flags/core';
import { PACKAGE } from '../errors.js';

/**
 * The format of the flag documents this version writes, stored in each as `"format"`. A document
 * without one was written before prerequisites, `bucketBy` and `defaultVariant` existed (format 1)
 * and reads with their defaults; a higher format was written by a newer version and is refused
 * rather than read with fields missing.
 */
export const FLAG_DOCUMENT_FORMAT = 2;

/** The stored text of a flag: its encoding with the format marker first. */
export function encodeFlagDocument(flag: FeatureFlag): string {
  return encodeModel({ format: FLAG_DOCUMENT_FORMAT, ...flag } as FeatureFlag);
}

/**
 * The flag of a stored document of format 1 or 2 (format 1 gets `prerequisites: []`).
 * @throws StorageError for a document of a newer format, naming it.
 * @throws SyntaxError when `text` is not JSON.
 */
export function decodeFlagDocument(text: string): FeatureFlag {
  const flag = decodeModel('flag', text) as FeatureFlag & { format?: unknown };
  const format = flag.format ?? 1;
  if (format !== 1 && format !== FLAG_DOCUMENT_FORMAT) {
    const key = typeof flag.key === 'string' ? ` "${flag.key}"` : '';
    throw new StorageError(
      `${PACKAGE} flag${key} is stored in format ${JSON.stringify(format)}; this version reads formats 1 to ${FLAG_DOCUMENT_FORMAT}: upgrade @flags/storage-redis to read it`,
    );
  }
  delete flag.format;
  flag.prerequisites ??= [];
  return flag;
}
