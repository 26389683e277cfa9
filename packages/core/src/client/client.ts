import { compileFlag, isInvalidFlag } from '../evaluation/compile-flag.js';
import { type EvaluationInputs, errorDetails, evaluateFlag } from '../evaluation/evaluate.js';
import { EvaluationCache } from '../evaluation/evaluation-cache.js';
import { overrideEntities } from '../evaluation/overrides.js';
import { withPrerequisiteFlags } from '../evaluation/prerequisite-flags.js';
import type { EvaluationContext, EvaluationDetails } from '../models/context.js';
import type { FlagType } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import type { StorageBackend } from '../storage/backend.js';
import { checkStorageOption } from '../storage/check-backend.js';
import { evaluateFlags, type FlagResults, setResult } from './bulk.js';
import { mergeContext, snapshotContext } from './context.js';
import { describeFailure } from './guard.js';
import { TimeLimit } from './time-limit.js';

export type { FlagResults } from './bulk.js';

/** Options of {@link FeatureFlagClient}. */
export interface FeatureFlagClientOptions {
  /** Where flags, overrides and segments are read from. */
  storage: StorageBackend;
  /** Merged under every call's context (the call's fields and attributes win). @default {} */
  defaultContext?: EvaluationContext;
  /**
   * Longest the storage reads of one call may take; past it the call serves the caller's default
   * with `ERROR`/`GENERAL`. `0` or `Infinity` waits for ever. @default 5000
   */
  timeoutMs?: number;
  /** Told of every storage failure the client turned into a default value (for logging). @default none */
  onError?: (error: unknown) => void;
}

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});

/**
 * Evaluates flags read from a {@link StorageBackend}. Every evaluation method resolves,
 * never rejects: a missing flag, a type mismatch, invalid stored data, a failing or slow backend all
 * give the caller's default with reason `ERROR` and an error code.
 *
 * Storage cost of one evaluation: one `getFlag`, plus — only when the flag is active and of the
 * requested type — one `getOverrides` for the entities the context names (none: no call) and one
 * `getAllSegments` when the flag has segment conditions, those two in parallel. A flag with
 * prerequisites adds one `getFlags` per level of nesting (all prerequisites of a level at once), and
 * its overrides are read for it and its prerequisites together with `getOverridesForFlags`. Bulk calls cost one
 * flag read, at most one `getOverridesForFlags` and at most one `getAllSegments`, whatever the flag count.
 */
export class FeatureFlagClient {
  private readonly storage: StorageBackend;
  private readonly defaultContext: EvaluationContext | null;
  private readonly timeLimit: TimeLimit;
  private readonly onError: ((error: unknown) => void) | null;
  /** Compiled flags and segments of this client's store; never shared with a client of another store. */
  private readonly cache = new EvaluationCache();

  /** @throws ValidationError when `storage` is not a backend (e.g. a Promise of one: a forgotten `await`). */
  constructor(options: FeatureFlagClientOptions) {
    checkStorageOption(options.storage, 'FeatureFlagClient', ['getFlag', 'getFlags', 'getOverrides']);
    this.storage = options.storage;
    this.defaultContext = options.defaultContext ? snapshotContext(options.defaultContext) : null;
    this.timeLimit = new TimeLimit(options.timeoutMs ?? 5000);
    this.onError = options.onError ?? null;
  }

  /** The value of a boolean flag, or `defaultValue` on any error. */
  async getBooleanValue(key: string, defaultValue: boolean, context?: EvaluationContext): Promise<boolean> {
    return (await this.resolve(key, 'boolean', defaultValue, context)).value;
  }

  /** The value of a string flag, or `defaultValue` on any error. */
  async getStringValue(key: string, defaultValue: string, context?: EvaluationContext): Promise<string> {
    return (await this.resolve(key, 'string', defaultValue, context)).value;
  }

  /** The value of a number flag, or `defaultValue` on any error. */
  async getNumberValue(key: string, defaultValue: number, context?: EvaluationContext): Promise<number> {
    return (await this.resolve(key, 'number', defaultValue, context)).value;
  }

  /** The value of a json flag (a copy: mutating it changes nothing stored), or `defaultValue` on any error. */
  async getObjectValue<T extends JsonValue>(key: string, defaultValue: T, context?: EvaluationContext): Promise<T> {
    return (await this.resolve(key, 'json', defaultValue, context)).value;
  }

  /** {@link getBooleanValue} with the reason, variant and error. */
  getBooleanDetails(
    key: string,
    defaultValue: boolean,
    context?: EvaluationContext,
  ): Promise<EvaluationDetails<boolean>> {
    return this.resolve(key, 'boolean', defaultValue, context);
  }

  /** {@link getStringValue} with the reason, variant and error. */
  getStringDetails(key: string, defaultValue: string, context?: EvaluationContext): Promise<EvaluationDetails<string>> {
    return this.resolve(key, 'string', defaultValue, context);
  }

  /** {@link getNumberValue} with the reason, variant and error. */
  getNumberDetails(key: string, defaultValue: number, context?: EvaluationContext): Promise<EvaluationDetails<number>> {
    return this.resolve(key, 'number', defaultValue, context);
  }

  /** {@link getObjectValue} with the reason, variant and error. */
  getObjectDetails<T extends JsonValue>(
    key: string,
    defaultValue: T,
    context?: EvaluationContext,
  ): Promise<EvaluationDetails<T>> {
    return this.resolve(key, 'json', defaultValue, context);
  }

  /** Whether a boolean flag is on (`false` on any error). */
  isEnabled(key: string, context?: EvaluationContext): Promise<boolean> {
    return this.getBooleanValue(key, false, context);
  }

  /**
   * Every stored flag evaluated for `context`, by key (sorted by key), each serving its own type.
   * A storage failure gives `{}` (and is told to `onError`).
   */
  getAllFlags(context?: EvaluationContext): Promise<FlagResults> {
    return this.timeLimit.run(
      async () => {
        const ctx = this.contextFor(context);
        return evaluateFlags(this.storage, await this.storage.getAllFlags(), ctx, this.cache);
      },
      (error): FlagResults => {
        this.report(error);
        return {};
      },
    );
  }

  /**
   * The flags with these keys evaluated for `context`, by key in the order asked. A key with no flag
   * gives `null` with `ERROR`/`FLAG_NOT_FOUND`; a storage failure gives `null` with `ERROR`/`GENERAL` for every key.
   */
  async getFlags(keys: readonly string[], context?: EvaluationContext): Promise<FlagResults> {
    const ctx = this.contextFor(context);
    const unique = [...new Set(keys)];
    const results: FlagResults = {};
    // A failure resolves to its message, so every key can carry it.
    const evaluated = await this.timeLimit.run<FlagResults | string>(
      async () => evaluateFlags(this.storage, [...(await this.storage.getFlags(unique)).values()], ctx, this.cache),
      (error) => {
        this.report(error);
        return describeFailure(error);
      },
    );
    for (const key of unique) {
      if (typeof evaluated === 'string') {
        setResult(results, key, errorDetails(key, null, 'GENERAL', evaluated));
        continue;
      }
      const details = Object.hasOwn(evaluated, key) ? evaluated[key] : undefined;
      setResult(results, key, details ?? evaluateFlag<JsonValue>(null, ctx, { defaultValue: null, flagKey: key }));
    }
    return results;
  }

  /** Whether the backend answers (false on error or timeout; never throws). */
  async healthCheck(): Promise<boolean> {
    const healthy = await this.timeLimit.run(
      () => this.storage.healthCheck(),
      (error) => {
        this.report(error);
        return false;
      },
    );
    return healthy === true;
  }

  /** Closes the backend (idempotent, as backends are). */
  async close(): Promise<void> {
    this.cache.clear();
    await this.storage.close();
  }

  private contextFor(context: EvaluationContext | undefined): EvaluationContext {
    if (this.defaultContext === null) return context ?? EMPTY_CONTEXT;
    return context ? mergeContext(this.defaultContext, context) : this.defaultContext;
  }

  private report(error: unknown): void {
    try {
      this.onError?.(error);
    } catch {
      // A failing logger must not turn a served default into a rejection.
    }
  }

  private resolve<T extends JsonValue>(
    key: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext | undefined,
  ): Promise<EvaluationDetails<T>> {
    return this.timeLimit.run(
      () => this.read(key, type, defaultValue, this.contextFor(context)),
      (error) => {
        this.report(error);
        return errorDetails(key, defaultValue, 'GENERAL', describeFailure(error));
      },
    );
  }

  private async read<T extends JsonValue>(
    key: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<EvaluationDetails<T>> {
    const flag = await this.storage.getFlag(key);
    const inputs: EvaluationInputs<T> = {
      defaultValue,
      type,
      flagKey: key,
      overrides: null,
      segments: null,
      cache: this.cache,
    };
    if (flag === null || flag === undefined) return evaluateFlag(null, context, inputs);
    const compiled = compileFlag(flag, this.cache);
    // Errors, disabled flags and type mismatches are decided by the flag alone: no further reads.
    if (!isInvalidFlag(compiled) && flag.status === 'active' && compiled.flagType === type) {
      if (compiled.prerequisites.length > 0) {
        await this.readWithPrerequisites(flag, context, inputs);
        return evaluateFlag(flag, context, inputs);
      }
      const entities = overrideEntities(context);
      // Both reads in parallel; a lone read is awaited directly (no Promise.all on the common paths).
      if (entities.length > 0 && compiled.usesSegments) {
        [inputs.overrides, inputs.segments] = await Promise.all([
          this.storage.getOverrides(compiled.id, entities),
          this.storage.getAllSegments(),
        ]);
      } else if (entities.length > 0) {
        inputs.overrides = await this.storage.getOverrides(compiled.id, entities);
      } else if (compiled.usesSegments) {
        inputs.segments = await this.storage.getAllSegments();
      }
    }
    return evaluateFlag(flag, context, inputs);
  }

  /**
   * Fills `inputs` for a flag with prerequisites: the prerequisite flags read breadth-first in bulk,
   * then the overrides of all of them in one call and the segments once, in parallel.
   */
  private async readWithPrerequisites<T>(
    flag: FeatureFlag,
    context: EvaluationContext,
    inputs: EvaluationInputs<T>,
  ): Promise<void> {
    const flags = await withPrerequisiteFlags([flag], (keys) => this.storage.getFlags(keys), this.cache);
    inputs.prerequisites = (key) => flags.get(key);
    const ids: string[] = [];
    let usesSegments = false;
    for (const each of flags.values()) {
      const compiled = compileFlag(each, this.cache);
      if (isInvalidFlag(compiled) || each.status !== 'active') continue;
      ids.push(compiled.id);
      if (compiled.usesSegments) usesSegments = true;
    }
    const entities = overrideEntities(context);
    [inputs.overrides, inputs.segments] = await Promise.all([
      entities.length > 0 ? this.storage.getOverridesForFlags(ids, entities) : null,
      usesSegments ? this.storage.getAllSegments() : null,
    ]);
  }
}
