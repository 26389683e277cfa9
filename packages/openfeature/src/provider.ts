import { type FlagType, ValidationError } from '@flags/core';
import {
  ErrorCode,
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  StandardResolutionReasons,
} from '@openfeature/server-sdk';
import { toFlagsContext } from './context.js';
import type { FlagsProviderOptions } from './options.js';
import { PACKAGE } from './package-name.js';
import { type ResolutionSettings, toResolution } from './resolution.js';
import { createSource, type FlagSource, type SourceEvent } from './source/index.js';

function invalid(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }], 'FlagsProvider options');
}

function positive(
  options: FlagsProviderOptions,
  name: 'pollMs' | 'timeoutMs' | 'staleAfterMs',
  fallback: number,
): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(name, `must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

/**
 * An OpenFeature server provider on a @flags backend. Register it with
 * `await OpenFeature.setProviderAndWait(new FlagsProvider({ storage }))`.
 *
 * Lifecycle: `initialize` resolves after the first load (the SDK's status is then `READY`) and
 * rejects while the store cannot be read (status `ERROR`); the provider keeps checking and emits
 * `PROVIDER_READY` once it can, `PROVIDER_ERROR` when the store goes away, and
 * `PROVIDER_CONFIGURATION_CHANGED` with the keys of the flags that changed. `onClose` stops every
 * timer it started. The context is flat (OpenFeature's shape): see `fromFlatContext` in `@flags/core`.
 */
export class FlagsProvider implements Provider {
  readonly metadata = { name: '@flags/openfeature' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly #options: FlagsProviderOptions;
  readonly #pollMs: number;
  readonly #timeoutMs: number;
  readonly #staleAfterMs: number;
  readonly #settings: ResolutionSettings;
  #source: FlagSource | undefined;
  #unsubscribe: (() => void) | undefined;

  /** @throws ValidationError when an option is missing or out of range. */
  constructor(options: FlagsProviderOptions) {
    const storage = (options as Partial<FlagsProviderOptions> | undefined)?.storage;
    if (storage === null || typeof storage !== 'object' || typeof storage.getFlag !== 'function') {
      throw invalid('storage', 'required: a @flags StorageBackend (e.g. new MemoryStorageBackend())');
    }
    const disabledValue = options.disabledValue ?? 'fallback';
    if (disabledValue !== 'fallback' && disabledValue !== 'off-value') {
      throw invalid('disabledValue', `must be "fallback" or "off-value", got ${String(disabledValue)}`);
    }
    this.#options = options;
    this.#pollMs = positive(options, 'pollMs', 1000);
    this.#timeoutMs = positive(options, 'timeoutMs', 5000);
    this.#staleAfterMs = positive(options, 'staleAfterMs', 30_000);
    this.#settings = { disabledValue, flagFacts: options.flagFacts ?? true };
  }

  /** Loads the flags; rejects while the store cannot be read (the provider keeps trying and emits `PROVIDER_READY`). */
  async initialize(_context?: EvaluationContext): Promise<void> {
    await this.#stop();
    const source = createSource({
      storage: this.#options.storage,
      pollMs: this.#pollMs,
      timeoutMs: this.#timeoutMs,
      staleAfterMs: this.#staleAfterMs,
    });
    this.#source = source;
    this.#unsubscribe = source.subscribe((event) => this.#relay(event));
    await source.start();
  }

  /** Stops every timer and subscription the provider started; closes the storage only with `closeStorage: true`. */
  async onClose(): Promise<void> {
    await this.#stop();
    if (this.#options.closeStorage === true) await this.#options.storage.close();
  }

  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.#resolve(flagKey, 'boolean', defaultValue, context);
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.#resolve(flagKey, 'string', defaultValue, context);
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.#resolve(flagKey, 'number', defaultValue, context);
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return this.#resolve(flagKey, 'json', defaultValue, context);
  }

  #resolve<T>(key: string, type: FlagType, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    const source = this.#source;
    if (source === undefined) {
      return Promise.resolve({
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.PROVIDER_NOT_READY,
        errorMessage: `${PACKAGE} the provider is not initialized (register it with OpenFeature.setProviderAndWait)`,
      });
    }
    try {
      const resolution = source.resolve(key, type, defaultValue, toFlagsContext(context));
      // A live snapshot answers synchronously: settled at once, without the extra turn an await costs.
      if (!(resolution instanceof Promise))
        return Promise.resolve(toResolution(resolution, defaultValue, this.#settings));
      return resolution.then((settled) => toResolution(settled, defaultValue, this.#settings));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #relay(event: SourceEvent): void {
    switch (event.kind) {
      case 'ready':
        this.events.emit(ProviderEvents.Ready);
        break;
      case 'error':
        this.events.emit(ProviderEvents.Error, { message: event.message, errorCode: ErrorCode.GENERAL });
        break;
      case 'stale':
        this.events.emit(ProviderEvents.Stale, { message: event.message });
        break;
      case 'changed':
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: event.flagKeys });
        break;
    }
  }

  async #stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const source = this.#source;
    this.#source = undefined;
    await source?.close();
  }
}
