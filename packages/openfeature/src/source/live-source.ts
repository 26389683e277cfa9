import {
  type EvaluationContext,
  type EvaluationDetails,
  type FlagType,
  type JsonValue,
  LiveFlagClient,
  type StorageBackend,
} from '@flags/core';
import { PACKAGE } from '../package-name.js';
import type { FlagSource, SourceEvent, SourceResolution } from './flag-source.js';
import { describeError, SourceEvents } from './source-events.js';
import { detailsOf } from './typed-details.js';

/** Options of {@link LiveSource}. */
export interface LiveSourceOptions {
  storage: StorageBackend;
  /** How often the change feed is read when the backend cannot push, and how often health is looked at, in ms. */
  pollMs: number;
  /** Longest one storage call may take before it counts as failed, in ms. */
  timeoutMs: number;
  /** Age of the last successful sync after which answers count as stale, in ms. */
  staleAfterMs: number;
}

/** Where the provider stands, as the SDK sees it through events. */
type Health = 'starting' | 'ready' | 'stale' | 'error';

type Timer = ReturnType<typeof setTimeout>;

/**
 * A source on {@link LiveFlagClient}: flags are evaluated from an in-memory snapshot kept fresh by
 * the store's change feed (pushed where the backend can, polled every `pollMs` elsewhere), so a
 * resolution makes no storage call once an entity's overrides are cached.
 *
 * Events: `changed` carries exactly the keys the feed reported (a segment change names the flags that
 * use it). When the store fails, the last good snapshot keeps being served: `stale` once the last
 * successful sync is older than `staleAfterMs`; `error` only while there is no snapshot at all;
 * `ready` when syncs work again.
 */
export class LiveSource implements FlagSource {
  readonly #client: LiveFlagClient;
  readonly #pollMs: number;
  readonly #events = new SourceEvents();
  #health: Health = 'starting';
  #lastError = '';
  #timer: Timer | undefined;
  #closed = false;

  constructor(options: LiveSourceOptions) {
    this.#pollMs = options.pollMs;
    this.#client = new LiveFlagClient({
      storage: options.storage,
      pollMs: options.pollMs,
      timeoutMs: options.timeoutMs,
      staleAfterMs: options.staleAfterMs,
      // The provider closes the storage itself, and only when told to.
      closeStorage: false,
      onError: (error) => {
        this.#lastError = describeError(error);
        this.#check();
      },
    });
    this.#client.onChange((flagKeys) => {
      if (!this.#closed) this.#events.emit({ kind: 'changed', flagKeys: [...flagKeys] });
    });
  }

  async start(): Promise<void> {
    try {
      await this.#client.ready();
      this.#health = 'ready';
    } catch (error) {
      this.#health = 'error';
      throw new Error(`${PACKAGE} cannot load flags from the store: ${describeError(error)}`);
    } finally {
      this.#schedule();
    }
  }

  resolve<T>(
    key: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext,
  ): SourceResolution<T> | Promise<SourceResolution<T>> {
    const details = this.#evaluateNow(key, type, defaultValue, context);
    // `…Sync` answers PROVIDER_NOT_READY for a ready snapshot only while this context's overrides are
    // being read: the async getter waits for them (one round trip, then cached).
    if (details.errorCode === 'PROVIDER_NOT_READY' && this.#client.status().ready) {
      return detailsOf(this.#client, key, type, defaultValue, context).then((awaited) => this.#withFacts(key, awaited));
    }
    return this.#withFacts(key, details);
  }

  subscribe(listener: (event: SourceEvent) => void): () => void {
    return this.#events.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#events.clear();
    await this.#client.close();
  }

  #withFacts<T>(key: string, details: EvaluationDetails<T>): SourceResolution<T> {
    // The snapshot's flag carries every fact and is replaced, never changed, when the flag changes: it
    // serves as the facts as it is, so no copy is made per evaluation and the metadata built from it
    // stays cached for as long as that version is served.
    return { details, facts: this.#client.peekFlag(key) };
  }

  #evaluateNow<T>(key: string, type: FlagType, fallback: T, context: EvaluationContext): EvaluationDetails<T> {
    const client = this.#client;
    switch (type) {
      case 'boolean':
        return client.getBooleanDetailsSync(key, fallback as boolean, context) as EvaluationDetails<T>;
      case 'string':
        return client.getStringDetailsSync(key, fallback as string, context) as EvaluationDetails<T>;
      case 'number':
        return client.getNumberDetailsSync(key, fallback as number, context) as EvaluationDetails<T>;
      default:
        return client.getObjectDetailsSync(key, fallback as JsonValue, context) as EvaluationDetails<T>;
    }
  }

  /** Compares the client's state with what the SDK was last told, and tells it what changed. */
  #check(): void {
    if (this.#closed || this.#health === 'starting') return;
    const status = this.#client.status();
    const next: Health = !status.ready
      ? 'error'
      : status.stale
        ? 'stale'
        : status.failures > 0
          ? this.#health
          : 'ready';
    if (next === this.#health) return;
    this.#health = next;
    const cause = this.#lastError === '' ? 'the store cannot be read' : this.#lastError;
    if (next === 'ready') this.#events.emit({ kind: 'ready' });
    else if (next === 'stale')
      this.#events.emit({
        kind: 'stale',
        message: `${PACKAGE} serving flags older than the staleness bound: ${cause}`,
      });
    else this.#events.emit({ kind: 'error', message: `${PACKAGE} the store cannot be read: ${cause}` });
  }

  /** Looks at the client's health every `pollMs` (no storage call): staleness begins with time, not with an error. */
  #schedule(): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#check();
      this.#schedule();
    }, this.#pollMs);
    // Never hold a process open for a health check.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}
