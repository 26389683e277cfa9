import { copyFlag, type FeatureFlag } from '@flags/core';

/** What the backend remembers of one flag: the exact stored text, its stamp if known, and its decoded form. */
export interface HeldFlag {
  readonly key: string;
  readonly text: string;
  /** The document's stamp as the server reported it; `null` when read without one (a plain GET). */
  readonly stamp: string | null;
  readonly model: FeatureFlag;
  /** A revision at which this was the stored document, as the server reported it; `''`: none known. */
  confirmedAt: string;
}

/** The result of the last read of an index: its flags, sorted by key, as of `revision`. */
export interface IndexView {
  readonly revision: string;
  readonly flags: readonly HeldFlag[];
}

/**
 * The last decoded form of each flag, by flag key, for the reads to copy instead of parsing. Single
 * reads compare the stored text with the remembered one; bulk reads send the stamps of what is held
 * (and the revision it was confirmed at) and the server answers which of them are still current (see
 * READ_FLAGS), so an unchanged flag neither travels nor is compared. An entry's text, stamp and model
 * never change (a read that took one before its round trip keeps a consistent view); `confirmedAt`
 * only ever moves to another revision at which the same document was stored. Every result is a copy
 * (core's `copyFlag`).
 * @internal
 */
export class FlagCache {
  readonly #entries = new Map<string, HeldFlag>();
  readonly #views = new Map<string, IndexView>();
  readonly #decode: (text: string) => FeatureFlag;
  readonly #capacity: number;

  /** `capacity`: most flags remembered; `0` turns the cache off. */
  constructor(decode: (text: string) => FeatureFlag, capacity: number) {
    this.#decode = decode;
    this.#capacity = capacity;
  }

  /** What is held for this flag key. */
  held(key: string): HeldFlag | undefined {
    return this.#entries.get(key);
  }

  /** Every held flag that has a stamp, to send with a read of a whole index. */
  stamped(): HeldFlag[] {
    const out: HeldFlag[] = [];
    for (const entry of this.#entries.values()) if (entry.stamp !== null) out.push(entry);
    return out;
  }

  /**
   * The entry for the document `text` stored under `key` (the held one when the text is unchanged),
   * remembered; `stamp` is the document's (`null`: not known), `revision` one at which it was stored
   * (`''`: not known).
   */
  take(key: string, text: string, stamp: string | null, revision: string): HeldFlag {
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.text === text && (stamp === null || stamp === entry.stamp)) {
      if (revision !== '') entry.confirmedAt = revision;
      return entry;
    }
    const same = entry !== undefined && entry.text === text;
    const taken: HeldFlag = {
      key,
      text,
      stamp: stamp ?? null,
      model: same ? entry.model : this.#decode(text),
      confirmedAt: revision,
    };
    if (this.#capacity > 0) {
      // Bounded without bookkeeping: a full cache starts over (the flags in use refill it at once).
      if (entry === undefined && this.#entries.size >= this.#capacity) this.#entries.clear();
      this.#entries.set(key, taken);
    }
    return taken;
  }

  /** The flag of an entry for a caller: a fresh copy (the decoded model itself when nothing is cached). */
  hand(entry: HeldFlag): FeatureFlag {
    return this.#capacity > 0 ? copyFlag(entry.model) : entry.model;
  }

  /** The last result read from this index, if any. */
  view(index: string): IndexView | undefined {
    return this.#views.get(index);
  }

  /** Remembers the result read from an index at `revision`. */
  remember(index: string, view: IndexView): void {
    if (this.#capacity > 0 && view.revision !== '') this.#views.set(index, view);
  }

  /** Forgets every flag. */
  clear(): void {
    this.#entries.clear();
    this.#views.clear();
  }
}
