import type { StorageBackend } from '../storage/backend.js';
import type { LiveSettings } from './options.js';
import type { SnapshotLoader } from './snapshot-loader.js';

/** What the sync loop tells its client. */
export interface SyncEvents {
  /** Flags whose answers may have changed (never called with an empty list). */
  changed(keys: readonly string[]): void;
  /** A failure the loop survived. */
  failed(error: unknown): void;
  /** The store was loaded in full (first load, or a reload after `reset`). */
  loaded(): void;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * Keeps a snapshot at the head of the change feed: a full load first, then the feed read on every push
 * and every `pollMs` (`pushPollMs` while pushes arrive), one step at a time. A failing step is retried
 * with exponential backoff; the snapshot stays as it was meanwhile.
 */
export class LiveSync {
  /** Feed revision the snapshot is at; null until the first full load from the store. */
  revision: number | null = null;
  /** `Date.now()` of the last step that read the feed successfully. */
  lastSuccessAt = Number.NEGATIVE_INFINITY;
  /** Consecutive failed steps (0 when the last one succeeded). */
  failures = 0;
  lastError: unknown = null;
  private hadSnapshot = false;
  private wanted = false;
  private pumping: Promise<void> | null = null;
  private timer: Timer | null = null;
  private staleTimer: Timer | null = null;
  /**
   * True once the last successful read of the feed is older than `staleAfterMs` (and before the first).
   * A timer flips it, so evaluations read a field instead of the clock.
   */
  stale = true;
  private unsubscribe: (() => Promise<void>) | null = null;
  private subscribing: Promise<void> | null = null;
  private started = false;
  private closed = false;

  constructor(
    private readonly storage: StorageBackend,
    private readonly loader: SnapshotLoader,
    private readonly settings: LiveSettings,
    private readonly events: SyncEvents,
  ) {}

  /** Whether the snapshot holds values from a bootstrap document (set by the client). */
  markBootstrapped(): void {
    this.hadSnapshot = true;
  }

  /** Starts the loop (idempotent) and resolves after one more step has run. */
  start(): Promise<void> {
    this.started = true;
    return this.request();
  }

  /** Asks for a step now; resolves when a step that began after this call has finished. */
  request(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.wanted = true;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = null;
      this.scheduleNext();
    });
    return this.pumping;
  }

  private async pump(): Promise<void> {
    while (this.wanted && !this.closed) {
      this.wanted = false;
      await this.step();
    }
  }

  private async step(): Promise<void> {
    try {
      let changed: Set<string>;
      const followed = this.revision === null ? 'reset' : await this.loader.follow(this.revision);
      if (this.closed) return;
      if (followed === 'reset') {
        const loaded = await this.loader.loadAll(this.hadSnapshot);
        if (this.closed) return;
        this.revision = loaded.revision;
        this.hadSnapshot = true;
        changed = loaded.changed;
        this.events.loaded();
      } else {
        this.revision = followed.revision;
        changed = followed.changed;
      }
      this.failures = 0;
      this.lastError = null;
      this.lastSuccessAt = Date.now();
      this.markFresh();
      if (changed.size > 0) this.events.changed([...changed].sort());
      // Awaited, so ready() resolves with the push in place; then the feed is read once more, for
      // what was written between this read and the subscription.
      if (await this.subscribeOnce()) this.wanted = true;
    } catch (error) {
      if (this.closed) return;
      this.failures++;
      this.lastError = error;
      this.events.failed(error);
    }
  }

  private markFresh(): void {
    this.stale = false;
    if (this.staleTimer !== null) clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => {
      this.staleTimer = null;
      this.stale = true;
    }, this.settings.staleAfterMs);
  }

  /**
   * Subscribes to pushes once the store answers (again after a failed attempt).
   * @returns whether this call started a subscription.
   */
  private async subscribeOnce(): Promise<boolean> {
    const subscribe = this.storage.subscribe;
    if (subscribe === undefined || this.unsubscribe !== null || this.subscribing !== null) return false;
    let started = false;
    this.subscribing = subscribe
      .call(this.storage, () => void this.request())
      .then(
        async (unsubscribe) => {
          if (this.closed) await unsubscribe();
          else {
            this.unsubscribe = unsubscribe;
            started = true;
          }
        },
        (error: unknown) => this.events.failed(error),
      )
      .finally(() => {
        this.subscribing = null;
      });
    await this.subscribing;
    return started;
  }

  private scheduleNext(): void {
    if (this.closed || !this.started) return;
    if (this.timer !== null) clearTimeout(this.timer);
    let delay: number;
    if (this.failures > 0) {
      const backoff = Math.min(this.settings.maxRetryMs, this.settings.retryMs * 2 ** (this.failures - 1));
      // Jitter spreads the retries of many instances after a shared outage.
      delay = backoff * (0.5 + Math.random() / 2);
    } else {
      delay = this.unsubscribe !== null ? this.settings.pushPollMs : this.settings.pollMs;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.request();
    }, delay);
  }

  /** Stops the loop: clears the timer and ends the subscription (see {@link settled} for a step in flight). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.staleTimer !== null) clearTimeout(this.staleTimer);
    this.timer = null;
    this.staleTimer = null;
    await this.subscribing;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    await unsubscribe?.().catch((error: unknown) => this.events.failed(error));
  }

  /** Resolves once no step is running (after {@link close}, none starts again). */
  async settled(): Promise<void> {
    await this.pumping;
  }
}
