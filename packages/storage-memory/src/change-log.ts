import type { ChangeBatch, ChangeListener, StorageChange } from '@flags/core';
import { answerChanges, changesFrom, feedStart, type ResolvedFeedRetention } from '@flags/core/backend';
import type { ChangeDraft } from './journal.js';

interface Entry {
  readonly change: StorageChange;
  /** When it was recorded (ms), for the age bound of the retention. */
  readonly at: number;
}

/**
 * The change feed of a {@link MemoryStore} as plain data ({@link MemoryStore.feedSnapshot}), to persist
 * beside a store's snapshot so a store restored from both continues the same feed.
 */
export interface MemoryFeedSnapshot {
  /** The newest revision. */
  readonly head: number;
  /** The highest revision no longer kept. */
  readonly floor: number;
  /** The changes kept, oldest first, each with when it was recorded (ms since the epoch). */
  readonly entries: readonly Entry[];
}

/**
 * The change feed of one {@link MemoryStore}: every change numbered in the order writes ran, the
 * retained ones kept in a list, and the listeners of every backend subscribed to the store.
 */
export class ChangeLog {
  #head = 0;
  /** Highest revision trimmed away: a reader asking from below it missed changes. */
  #floor = 0;
  /** The revision a new log started after (null when continuing a snapshot). */
  #origin: number | null = null;
  #entries: Entry[] = [];
  /** Index of the oldest retained entry: trimming moves it, compaction happens in batches. */
  #start = 0;
  readonly #listeners = new Set<ChangeListener>();

  /**
   * A log continuing `snapshot`, or an empty one starting from the clock (`feedStart`): a store made
   * again from nothing never hands out a revision of an earlier one.
   * @throws Error when the snapshot is not consistent.
   */
  constructor(snapshot?: MemoryFeedSnapshot) {
    if (snapshot === undefined) {
      this.#head = feedStart();
      this.#floor = this.#head;
      this.#origin = this.#head;
      return;
    }
    const { head, floor, entries } = snapshot;
    const consistent =
      Number.isSafeInteger(head) &&
      Number.isSafeInteger(floor) &&
      floor >= 0 &&
      head === floor + entries.length &&
      entries.every((entry, i) => entry.change.revision === floor + i + 1);
    if (!consistent) throw new Error('the feed snapshot is not consistent: revisions must run from floor + 1 to head');
    this.#head = head;
    this.#floor = floor;
    this.#entries = entries.map((entry) => structuredClone(entry));
  }

  /** The feed as plain data (copies). */
  snapshot(): MemoryFeedSnapshot {
    return {
      head: this.#head,
      floor: this.#floor,
      entries: this.#entries.slice(this.#start).map((entry) => structuredClone(entry)),
    };
  }

  /** Numbers and keeps the changes of one write, trims by `retention`, then tells the listeners. */
  append(drafts: readonly ChangeDraft[], now: number, retention: ResolvedFeedRetention): void {
    if (drafts.length === 0) return;
    for (const draft of drafts) {
      this.#head += 1;
      this.#entries.push({ change: { revision: this.#head, ...draft }, at: now });
    }
    this.trim(now, retention);
    if (this.#listeners.size > 0) queueMicrotask(() => this.#notify());
  }

  /** Drops the changes beyond `retention`. */
  trim(now: number, retention: ResolvedFeedRetention): void {
    const retained = () => this.#entries.length - this.#start;
    const oldestAllowed = retention.maxAgeMs === null ? -Infinity : now - retention.maxAgeMs;
    while (retained() > 0) {
      const oldest = this.#entries[this.#start]!;
      if (retained() <= retention.maxChanges && oldest.at >= oldestAllowed) break;
      this.#floor = oldest.change.revision;
      this.#start += 1;
    }
    if (this.#start > 1024 && this.#start * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#start);
      this.#start = 0;
    }
  }

  /** The answer of `getChanges` (arguments already checked). */
  read(since: number | null, limit: number): ChangeBatch {
    const from = changesFrom(since, this.#floor, this.#origin);
    if (from < this.#floor || from > this.#head) return answerChanges(since, limit, this.#head, this.#floor, []);
    // Revisions are consecutive among retained entries: the first one after `from` sits at a known index.
    const first = this.#start + (from - this.#floor);
    const changes = this.#entries.slice(first, first + limit).map((entry) => entry.change);
    return answerChanges(since, limit, this.#head, this.#floor, changes, this.#origin);
  }

  /** Adds a listener; the returned function removes it. */
  listen(listener: ChangeListener): () => void {
    // A wrapper per call, so the same function subscribed twice is two subscriptions.
    const own: ChangeListener = () => listener();
    this.#listeners.add(own);
    return () => {
      this.#listeners.delete(own);
    };
  }

  #notify(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own: the write succeeded and other listeners still hear of it.
      }
    }
  }
}
