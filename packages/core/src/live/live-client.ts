import { StorageError } from '../errors.js';
import type { EvaluationContext } from '../models/context.js';
import type { FlagType } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import type { FlagOverride } from '../models/override.js';
import type { StorageBackend } from '../storage/backend.js';
import { checkStorageOption } from '../storage/check-backend.js';
import { readBootstrap } from './bootstrap.js';
import { withDeadline } from './deadline.js';
import type { LiveEvaluationDetails, LiveFlagResults } from './details.js';
import { EntityOverrides } from './entity-overrides.js';
import { LiveEngine } from './live-engine.js';
import { LiveSync } from './live-sync.js';
import { type LiveFlagClientOptions, type LiveSettings, liveSettings } from './options.js';
import { FlagSnapshot } from './snapshot.js';
import { SnapshotLoader } from './snapshot-loader.js';

function detailsValue<T>(details: LiveEvaluationDetails<T>): T {
  return details.value;
}

/** Where a {@link LiveFlagClient} stands. */
export interface LiveStatus {
  /** A snapshot is loaded (from the store, or from the bootstrap document). */
  ready: boolean;
  /** Answers carry `stale: true` now. */
  stale: boolean;
  /** The snapshot came from the bootstrap document and the store has not been reached since. */
  bootstrapped: boolean;
  /** Change-feed revision the snapshot is at (null before the first load from the store). */
  revision: number | null;
  /** When the feed was last read successfully (null: never). */
  lastSyncAt: Date | null;
  /** Failed syncs in a row (0: the last one worked). */
  failures: number;
  /** Flags in the snapshot. */
  flags: number;
  /** Entities whose overrides are cached. */
  cachedEntities: number;
}

/** Called with the keys of the flags whose answers may have changed (sorted, never empty). */
export type FlagChangeListener = (flagKeys: readonly string[]) => void;

/**
 * Evaluates flags from an in-memory snapshot of the store, kept fresh by the store's change feed —
 * the way to run in production. `ready()` loads every flag and segment once; after that no evaluation
 * reads storage, except one read per set of entities not seen before (their overrides, then cached).
 * Changes arrive by push where the backend has it (PostgreSQL, Redis over TCP, memory) and by polling
 * every `pollMs` elsewhere. When the store fails, the last good snapshot keeps being served.
 *
 * Same getters as {@link FeatureFlagClient}, each also as `…Sync` for code that cannot await.
 */
export class LiveFlagClient {
  private readonly storage: StorageBackend;
  private readonly settings: LiveSettings;
  private readonly snapshot = new FlagSnapshot();
  private readonly engine: LiveEngine;
  private readonly sync: LiveSync;
  private readonly listeners = new Set<FlagChangeListener>();
  private readonly onError: ((error: unknown) => void) | null;
  private readonly bootstrapSource: LiveFlagClientOptions['bootstrap'];
  private readonly closeStorage: boolean;
  private fromDocument: Map<string, readonly FlagOverride[]> | null = null;
  private loaded = false;
  private readying: Promise<void> | null = null;
  private closing: Promise<void> | null = null;

  /**
   * @throws ValidationError when `storage` is not a backend with a change feed, or a numeric option
   *   is not a finite number > 0.
   */
  constructor(options: LiveFlagClientOptions) {
    checkStorageOption(options.storage, 'LiveFlagClient', ['getAllFlags', 'getChanges', 'getOverridesForEntities']);
    this.storage = options.storage;
    this.settings = liveSettings(options);
    this.onError = options.onError ?? null;
    this.bootstrapSource = options.bootstrap;
    this.closeStorage = options.closeStorage !== false;
    const overrides = new EntityOverrides(this.settings.maxCachedEntities);
    this.engine = new LiveEngine(
      this.snapshot,
      overrides,
      {
        hasSnapshot: () => this.loaded,
        isStale: () => this.isStale(),
        isFailing: () => this.sync.failures > 0,
        bootstrapOverrides: () => this.fromDocument,
        readOverrides: (entities) =>
          this.guard('getOverridesForEntities', () => this.storage.getOverridesForEntities(entities)),
        report: (error) => this.report(error),
      },
      options.defaultContext,
    );
    const loader = new SnapshotLoader(this.storage, this.snapshot, overrides, (what, work, load) =>
      this.guard(what, work, load),
    );
    this.sync = new LiveSync(this.storage, loader, this.settings, {
      changed: (keys) => this.emit(keys),
      failed: (error) => this.report(error),
      loaded: () => {
        this.loaded = true;
        this.fromDocument = null;
      },
    });
  }

  /**
   * Loads the snapshot (once; later calls resolve at once) and starts following the change feed.
   * When the store cannot be reached and `bootstrap` is set, the document is served meanwhile.
   * @throws StorageError when the store cannot be reached and there is no bootstrap document (the
   *   client keeps retrying in the background; a later `ready()` resolves once it has loaded).
   * @throws ValidationError when the bootstrap document does not validate.
   */
  ready(): Promise<void> {
    if (this.closing !== null) return Promise.reject(new StorageError('[@flags/core] the live client is closed'));
    if (this.loaded) return Promise.resolve();
    this.readying ??= this.firstLoad().finally(() => {
      this.readying = null;
    });
    return this.readying;
  }

  private async firstLoad(): Promise<void> {
    await this.sync.start();
    if (this.loaded) return;
    const failure = this.sync.lastError;
    if (this.bootstrapSource !== undefined) {
      const source = typeof this.bootstrapSource === 'function' ? await this.bootstrapSource() : this.bootstrapSource;
      const data = await readBootstrap(source);
      // The store may have answered while the document was read: it wins.
      if (this.loaded) return;
      this.snapshot.replaceAll(data.flags, data.segments);
      this.fromDocument = data.overrides;
      this.sync.markBootstrapped();
      this.loaded = true;
      return;
    }
    if (failure instanceof StorageError) throw failure;
    // Another error may carry a driver's text (a URL with a password): only its class name is kept.
    const name = failure instanceof Error && /^\w{1,64}$/.test(failure.name) ? failure.name : 'Error';
    throw new StorageError(`[@flags/core] the live client could not load the flags from the store (${name})`);
  }

  /** Where the client stands (readiness, staleness, feed revision, cache sizes). */
  status(): LiveStatus {
    return {
      ready: this.loaded,
      stale: this.loaded && this.isStale(),
      bootstrapped: this.loaded && this.sync.revision === null,
      revision: this.sync.revision,
      lastSyncAt: Number.isFinite(this.sync.lastSuccessAt) ? new Date(this.sync.lastSuccessAt) : null,
      failures: this.sync.failures,
      flags: this.snapshot.flagCount,
      cachedEntities: this.engine.overrides.size,
    };
  }

  /**
   * The flag with this key as the snapshot holds it (no storage call), or undefined when the
   * snapshot has none or is not loaded yet. Shared with the client: never modify it.
   */
  peekFlag(key: string): Readonly<FeatureFlag> | undefined {
    return this.loaded ? this.snapshot.flag(key) : undefined;
  }

  /** Calls `listener` with the keys of the flags whose answers may have changed; returns the unsubscribe. */
  onChange(listener: FlagChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reads the change feed now (besides pushes and polling); resolves once applied (or failed). */
  refresh(): Promise<void> {
    return this.sync.request();
  }

  private isStale(): boolean {
    return this.sync.revision === null || this.sync.stale;
  }

  private guard<T>(what: string, work: () => Promise<T>, load = false): Promise<T> {
    return withDeadline(work, load ? this.settings.loadTimeoutMs : this.settings.timeoutMs, what);
  }

  private emit(keys: readonly string[]): void {
    for (const listener of this.listeners) {
      try {
        listener(keys);
      } catch (error) {
        this.report(error);
      }
    }
  }

  private report(error: unknown): void {
    try {
      this.onError?.(error);
    } catch {
      // A failing logger must not stop the sync loop or an evaluation.
    }
  }

  private details<T>(key: string, type: FlagType, value: T, context?: EvaluationContext) {
    return Promise.resolve(this.engine.evaluate(key, type, value, context, true));
  }

  /**
   * The value alone. Not an async function: an answer from the snapshot settles the promise at once,
   * without the turn an `await` of a plain value costs.
   */
  private value<T>(key: string, type: FlagType, defaultValue: T, context?: EvaluationContext): Promise<T> {
    try {
      const details = this.engine.evaluate(key, type, defaultValue, context, true);
      return details instanceof Promise ? details.then(detailsValue) : Promise.resolve(details.value);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private now<T>(key: string, type: FlagType, value: T, context?: EvaluationContext) {
    return this.engine.evaluate(key, type, value, context, false) as LiveEvaluationDetails<T>;
  }

  getBooleanValue(key: string, defaultValue: boolean, context?: EvaluationContext): Promise<boolean> {
    return this.value(key, 'boolean', defaultValue, context);
  }
  getStringValue(key: string, defaultValue: string, context?: EvaluationContext): Promise<string> {
    return this.value(key, 'string', defaultValue, context);
  }
  getNumberValue(key: string, defaultValue: number, context?: EvaluationContext): Promise<number> {
    return this.value(key, 'number', defaultValue, context);
  }
  /** The value of a json flag (a copy), or `defaultValue` on any error. */
  getObjectValue<T extends JsonValue>(key: string, defaultValue: T, context?: EvaluationContext): Promise<T> {
    return this.value(key, 'json', defaultValue, context);
  }
  getBooleanDetails(key: string, defaultValue: boolean, context?: EvaluationContext) {
    return this.details(key, 'boolean', defaultValue, context);
  }
  getStringDetails(key: string, defaultValue: string, context?: EvaluationContext) {
    return this.details(key, 'string', defaultValue, context);
  }
  getNumberDetails(key: string, defaultValue: number, context?: EvaluationContext) {
    return this.details(key, 'number', defaultValue, context);
  }
  getObjectDetails<T extends JsonValue>(
    key: string,
    defaultValue: T,
    context?: EvaluationContext,
  ): Promise<LiveEvaluationDetails<T>> {
    return this.details(key, 'json', defaultValue, context);
  }
  /** Whether a boolean flag is on (`false` on any error). */
  isEnabled(key: string, context?: EvaluationContext): Promise<boolean> {
    return this.getBooleanValue(key, false, context);
  }
  /** Every flag of the snapshot evaluated for `context`, by key (sorted), each serving its own type. */
  async getAllFlags(context?: EvaluationContext): Promise<LiveFlagResults> {
    return this.engine.evaluateMany(null, context, true);
  }
  /** These flags evaluated for `context`, by key in the order asked; a key with no flag gives `null`, `FLAG_NOT_FOUND`. */
  async getFlags(keys: readonly string[], context?: EvaluationContext): Promise<LiveFlagResults> {
    return this.engine.evaluateMany([...new Set(keys)], context, true);
  }

  getBooleanValueSync(key: string, defaultValue: boolean, context?: EvaluationContext): boolean {
    return this.now(key, 'boolean', defaultValue, context).value;
  }
  getStringValueSync(key: string, defaultValue: string, context?: EvaluationContext): string {
    return this.now(key, 'string', defaultValue, context).value;
  }
  getNumberValueSync(key: string, defaultValue: number, context?: EvaluationContext): number {
    return this.now(key, 'number', defaultValue, context).value;
  }
  getObjectValueSync<T extends JsonValue>(key: string, defaultValue: T, context?: EvaluationContext): T {
    return this.now(key, 'json', defaultValue, context).value;
  }
  getBooleanDetailsSync(key: string, defaultValue: boolean, context?: EvaluationContext) {
    return this.now(key, 'boolean', defaultValue, context);
  }
  getStringDetailsSync(key: string, defaultValue: string, context?: EvaluationContext) {
    return this.now(key, 'string', defaultValue, context);
  }
  getNumberDetailsSync(key: string, defaultValue: number, context?: EvaluationContext) {
    return this.now(key, 'number', defaultValue, context);
  }
  getObjectDetailsSync<T extends JsonValue>(key: string, defaultValue: T, context?: EvaluationContext) {
    return this.now(key, 'json', defaultValue, context);
  }
  isEnabledSync(key: string, context?: EvaluationContext): boolean {
    return this.getBooleanValueSync(key, false, context);
  }
  getAllFlagsSync(context?: EvaluationContext): LiveFlagResults {
    return this.engine.evaluateMany(null, context, false) as LiveFlagResults;
  }
  getFlagsSync(keys: readonly string[], context?: EvaluationContext): LiveFlagResults {
    return this.engine.evaluateMany([...new Set(keys)], context, false) as LiveFlagResults;
  }

  /** Whether the backend answers (false on error or timeout; never throws). */
  async healthCheck(): Promise<boolean> {
    try {
      return (await this.guard('healthCheck', () => this.storage.healthCheck())) === true;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  /**
   * Stops following the feed (no timer or subscription is left) and closes the backend unless
   * `closeStorage` is false. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.sync.close();
      if (this.closeStorage) await this.storage.close();
      await this.sync.settled();
    })();
    return this.closing;
  }
}
