import { copyFlag, DecodedModelCache, type FeatureFlag } from '@flags/core';
import { decodeFlag, parseDocument } from './decode.js';

/** How many decoded flags a backend keeps by default (see {@link FlagDecoder}). */
const DEFAULT_FLAG_CACHE_SIZE = 5000;

/**
 * The cache key of a flag document: its start up to the first comma, `[["<id>"` — the flag's id,
 * which opens every flag document (see `FLAG_FIELDS`), taken without parsing. An id with a comma in
 * it only shortens the key: two flags sharing one would evict each other, never be confused, since
 * the cache compares the whole text.
 */
function idOf(text: string): string {
  const end = text.indexOf(',');
  return end < 0 ? text : text.slice(0, end);
}

const decodeText = (text: string): FeatureFlag => decodeFlag(parseDocument(text));

/**
 * Flag documents into flags. Parsing the JSON text dominates every flag read, so the last decoded
 * flag of each id is kept with its text (core's `DecodedModelCache`): an unchanged document is
 * copied (`copyFlag`) instead of parsed again. Every dialect selects flag documents as text for this.
 */
export class FlagDecoder {
  private readonly cache: DecodedModelCache<FeatureFlag>;

  /** @param capacity most flags kept; `0` parses every read. */
  constructor(capacity: number = DEFAULT_FLAG_CACHE_SIZE) {
    this.cache = new DecodedModelCache({ decode: decodeText, copy: copyFlag, capacity });
  }

  /** A fresh flag from a selected document (text; an already parsed one from an unusual driver is decoded as is). */
  decode(doc: unknown): FeatureFlag {
    return typeof doc === 'string' ? this.cache.read(idOf(doc), doc) : decodeFlag(parseDocument(doc));
  }
}
