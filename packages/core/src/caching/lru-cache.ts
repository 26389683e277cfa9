/** One entry, linked to its neighbours in recency order. */
interface Node<K, V> {
  key: K;
  value: V;
  /** Toward the least recently used end. */
  older: Node<K, V> | null;
  /** Toward the most recently used end. */
  newer: Node<K, V> | null;
}

/**
 * A map holding at most `maxSize` entries: setting a new key into a full cache drops the least
 * recently used one (read or written). Reads and writes are O(1): a `Map` finds the entry, a linked
 * list keeps the order, so a hit moves a few pointers instead of re-inserting into the `Map`.
 * No runtime APIs beyond `Map`, so it runs on every edge runtime.
 */
export class LruCache<K, V> {
  readonly #maxSize: number;
  readonly #entries = new Map<K, Node<K, V>>();
  #oldest: Node<K, V> | null = null;
  #newest: Node<K, V> | null = null;

  /** @param maxSize most entries kept: a positive integer, or `0` to keep nothing. */
  constructor(maxSize: number) {
    if (!Number.isSafeInteger(maxSize) || maxSize < 0) {
      throw new RangeError(`[@flags/core] LruCache maxSize must be a non-negative integer, got ${String(maxSize)}`);
    }
    this.#maxSize = maxSize;
  }

  /** How many entries it holds. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value of `key`, now the most recently used, or `undefined`. */
  get(key: K): V | undefined {
    const node = this.#entries.get(key);
    if (node === undefined) return undefined;
    if (node !== this.#newest) {
      this.#unlink(node);
      this.#append(node);
    }
    return node.value;
  }

  /** Sets `key` (now the most recently used), dropping the least recently used entry when full. */
  set(key: K, value: V): void {
    const node = this.#entries.get(key);
    if (node !== undefined) {
      node.value = value;
      if (node !== this.#newest) {
        this.#unlink(node);
        this.#append(node);
      }
      return;
    }
    if (this.#maxSize === 0) return;
    if (this.#entries.size >= this.#maxSize) {
      const oldest = this.#oldest!;
      this.#unlink(oldest);
      this.#entries.delete(oldest.key);
    }
    const added: Node<K, V> = { key, value, older: null, newer: null };
    this.#entries.set(key, added);
    this.#append(added);
  }

  /** Removes `key`; whether it was there. */
  delete(key: K): boolean {
    const node = this.#entries.get(key);
    if (node === undefined) return false;
    this.#unlink(node);
    this.#entries.delete(key);
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    this.#entries.clear();
    this.#oldest = null;
    this.#newest = null;
  }

  #unlink(node: Node<K, V>): void {
    if (node.older === null) this.#oldest = node.newer;
    else node.older.newer = node.newer;
    if (node.newer === null) this.#newest = node.older;
    else node.newer.older = node.older;
    node.older = null;
    node.newer = null;
  }

  #append(node: Node<K, V>): void {
    node.older = this.#newest;
    if (this.#newest === null) this.#oldest = node;
    else this.#newest.newer = node;
    this.#newest = node;
  }
}
