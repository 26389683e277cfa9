import {
  type EvaluationContext,
  type FeatureFlag,
  FeatureFlagClient,
  type FlagType,
  type StorageBackend,
} from '@flags/core';
import { PACKAGE } from '../package-name.js';
import { captureState, changedFlagKeys, type LoadedState } from './flag-changes.js';
import type { FlagFacts, FlagSource, SourceEvent, SourceResolution } from './flag-source.js';
import { describeError, SourceEvents } from './source-events.js';
import { detailsOf } from './typed-details.js';

/** Options of {@link ClientSource}. */
export interface ClientSourceOptions {
  storage: StorageBackend;
  /** How often the store's revision is checked (changes, outages, recovery), in ms. */
  pollMs: number;
  /** Longest one storage call may take before it counts as failed, in ms. */
  timeoutMs: number;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * A source on {@link FeatureFlagClient}: every evaluation reads the store through the client; a poll
 * of `getRevision()` every `pollMs` notices outages (`error`), recovery (`ready`) and writes, and after
 * a write one `getAllFlags` + `getAllSegments` names the flags that changed (`changed`) and refreshes
 * the facts reported as flag metadata. Override writes change no flag and are not reported.
 */
export class ClientSource implements FlagSource {
  readonly #storage: StorageBackend;
  readonly #client: FeatureFlagClient;
  readonly #pollMs: number;
  readonly #timeoutMs: number;
  readonly #events = new SourceEvents();
  #facts = new Map<string, FlagFacts>();
  #state: LoadedState | undefined;
  #revision: string | undefined;
  /** `undefined` before the first poll or load settles. */
  #healthy: boolean | undefined;
  #timer: Timer | undefined;
  #polling: Promise<void> | undefined;
  #closed = false;

  constructor(options: ClientSourceOptions) {
    this.#storage = options.storage;
    this.#pollMs = options.pollMs;
    this.#timeoutMs = options.timeoutMs;
    this.#client = new FeatureFlagClient({
      storage: options.storage,
      timeoutMs: options.timeoutMs,
      onError: (error) => this.#failed(error),
    });
  }

  async start(): Promise<void> {
    try {
      await this.#load();
      this.#healthy = true;
    } catch (error) {
      this.#healthy = false;
      throw new Error(`${PACKAGE} cannot load flags from the store: ${describeError(error)}`);
    } finally {
      this.#schedule();
    }
  }

  async resolve<T>(
    key: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<SourceResolution<T>> {
    const details = await detailsOf(this.#client, key, type, defaultValue, context);
    return { details, facts: this.#facts.get(key) };
  }

  subscribe(listener: (event: SourceEvent) => void): () => void {
    return this.#events.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#events.clear();
    await this.#polling;
  }

  /** A storage call failed: the first failure after healthy reads is an `error`. */
  #failed(error: unknown): void {
    if (this.#closed || this.#healthy === false) return;
    this.#healthy = false;
    this.#events.emit({ kind: 'error', message: `${PACKAGE} the store cannot be read: ${describeError(error)}` });
  }

  /** `work` under the time limit: a hung store counts as a failed one. */
  #limited<R>(work: Promise<R>): Promise<R> {
    let timer: Timer | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${PACKAGE} the store did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    return Promise.race([work, limit]).finally(() => clearTimeout(timer));
  }

  /** Reads every flag and segment; returns the keys that changed since the previous load. */
  async #load(): Promise<string[]> {
    const revision = await this.#limited(this.#storage.getRevision());
    const [flags, segments] = await this.#limited(
      Promise.all([this.#storage.getAllFlags(), this.#storage.getAllSegments()]),
    );
    const state = captureState(flags, segments);
    const changed = this.#state === undefined ? [] : changedFlagKeys(this.#state, state);
    this.#facts = factsOf(flags);
    this.#state = state;
    this.#revision = revision;
    return changed;
  }

  async #poll(): Promise<void> {
    try {
      const revision = await this.#limited(this.#storage.getRevision());
      const wasHealthy = this.#healthy === true;
      const changed = revision !== this.#revision || this.#state === undefined ? await this.#load() : [];
      if (this.#closed) return;
      if (!wasHealthy) {
        this.#healthy = true;
        this.#events.emit({ kind: 'ready' });
      }
      if (changed.length > 0) this.#events.emit({ kind: 'changed', flagKeys: changed });
    } catch (error) {
      this.#failed(error);
    }
  }

  #schedule(): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#polling = this.#poll().finally(() => {
        this.#polling = undefined;
        this.#schedule();
      });
    }, this.#pollMs);
    // Never hold a process open for a poll.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }
}

function factsOf(flags: readonly FeatureFlag[]): Map<string, FlagFacts> {
  const facts = new Map<string, FlagFacts>();
  for (const flag of flags) {
    facts.set(flag.key, { flagType: flag.flagType, version: flag.version, tags: flag.tags, metadata: flag.metadata });
  }
  return facts;
}
