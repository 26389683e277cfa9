import { LruCache } from '../caching/lru-cache.js';

/** Options of {@link DecodedModelCache}. */
export interface DecodedModelCacheOptions<T> {
  /** Turns stored text into a model; may throw (the error reaches the reader, nothing is cached). */
  decode: (text: string) => T;
  /** A deep copy of a decoded model, e.g. `copyFlag`; every read gets one, so the cache is never shared. */
  copy: (model: T) => T;
  /** Most keys remembered; `0` turns the cache off (every read decodes). @default 5000 */
  capacity?: number;
}

/**
 * The last decoded model of each key, with the exact text it came from, for backends that store
 * models as text. A read whose text is unchanged gets a copy of the remembered model instead of a
 * fresh decode (a specialised copy costs a fraction of `JSON.parse`, which dominates bulk reads);
 * other text is decoded and remembered. Callers always get their own object, so mutating a result
 * changes neither the store nor the cache. Keyed by something short the caller names (a Redis key, a
 * row id), not by the text: hashing kilobytes per lookup would cost most of what the cache saves,
 * while comparing an unchanged text with the remembered one is a native memory compare.
 * No Node APIs; one instance per backend instance.
 */
export class DecodedModelCache<T> {
  readonly #entries: LruCache<string, { text: string; model: T }>;
  readonly #decode: (text: string) => T;
  readonly #copy: (model: T) => T;

  constructor(options: DecodedModelCacheOptions<T>) {
    this.#decode = options.decode;
    this.#copy = options.copy;
    this.#entries = new LruCache(Math.max(0, options.capacity ?? 5000));
  }

  /** The model `text` decodes to, as a fresh object: a copy of the remembered one when `key`'s text is unchanged. */
  read(key: string, text: string): T {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.text === text) return this.#copy(entry.model);
    const model = this.#decode(text);
    // Bounded: a full cache drops its least recently read key.
    this.#entries.set(key, { text, model });
    return this.#copy(model);
  }

  /** Forgets every remembered model (e.g. when the backend closes). */
  clear(): void {
    this.#entries.clear();
  }
}
