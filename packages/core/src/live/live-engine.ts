import { setResult } from '../client/bulk.js';
import { mergeContext, snapshotContext } from '../client/context.js';
import { evaluateFlag } from '../evaluation/evaluate.js';
import { isStorableEntityId, overrideEntities } from '../evaluation/overrides.js';
import type { EvaluationContext } from '../models/context.js';
import type { FlagType } from '../models/enums.js';
import type { FeatureFlag } from '../models/flag.js';
import type { JsonValue } from '../models/json.js';
import type { FlagOverride, OverrideEntity } from '../models/override.js';
import { type LiveEvaluationDetails, type LiveFlagResults, notReady, overridesLoading } from './details.js';
import { type EntityOverrides, entityKey } from './entity-overrides.js';
import type { FlagSnapshot } from './snapshot.js';

const NO_OVERRIDES: readonly FlagOverride[] = Object.freeze([]);
const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});

/** What the engine asks of the client around it. */
export interface EngineHost {
  /** Whether a snapshot (from the store or a bootstrap document) is loaded. */
  hasSnapshot(): boolean;
  /** Whether answers may be out of date. */
  isStale(): boolean;
  /** Whether the store is failing right now (then no evaluation waits on it). */
  isFailing(): boolean;
  /** Overrides of a bootstrap document, by entity key, until the store has been loaded. */
  bootstrapOverrides(): Map<string, readonly FlagOverride[]> | null;
  /** One `getOverridesForEntities` call, under the client's time limit. */
  readOverrides(entities: readonly OverrideEntity[]): Promise<FlagOverride[]>;
  report(error: unknown): void;
}

/**
 * Evaluation over a snapshot: synchronous whenever the overrides of the context's entities are cached,
 * else one read of them first (async calls) or the caller's default while they load (sync calls).
 */
export class LiveEngine {
  private readonly defaultContext: EvaluationContext | null;
  /** Prerequisites are looked up in the snapshot: every flag is in memory, no read needed. */
  private readonly flagLookup = (key: string): FeatureFlag | undefined => this.snapshot.flag(key);

  constructor(
    private readonly snapshot: FlagSnapshot,
    readonly overrides: EntityOverrides,
    private readonly host: EngineHost,
    defaultContext: EvaluationContext | undefined,
  ) {
    this.defaultContext = defaultContext ? snapshotContext(defaultContext) : null;
  }

  contextFor(context: EvaluationContext | undefined): EvaluationContext {
    if (this.defaultContext === null) return context ?? EMPTY_CONTEXT;
    return context ? mergeContext(this.defaultContext, context) : this.defaultContext;
  }

  /**
   * The overrides of the context's entities, all from cache, or undefined when one is not cached.
   * Probed in the order `overrideEntities` lists them, each field read by name: this runs on every
   * evaluation.
   */
  private cachedOverrides(context: EvaluationContext): readonly FlagOverride[] | undefined {
    let found = this.probe(NO_OVERRIDES, 'user', context.userId);
    if (found !== undefined) found = this.probe(found, 'organization', context.organizationId);
    if (found !== undefined) found = this.probe(found, 'tenant', context.tenantId);
    if (found !== undefined) found = this.probe(found, 'targeting_key', context.targetingKey);
    return found;
  }

  /** `found` plus the cached overrides of one entity; undefined when they are not cached. */
  private probe(found: readonly FlagOverride[], entityType: string, id: unknown): readonly FlagOverride[] | undefined {
    if (typeof id !== 'string' || id.length === 0) return found;
    // A cached id was checked when it was stored; only a miss needs the full check.
    let list = this.overrides.cached(entityType, id);
    if (list === undefined) {
      if (!isStorableEntityId(id)) return found;
      const fromDocument = this.host.bootstrapOverrides();
      if (fromDocument === null) return undefined;
      list = fromDocument.get(entityKey(entityType, id)) ?? NO_OVERRIDES;
    }
    if (list.length === 0) return found;
    return found.length === 0 ? list : [...found, ...list];
  }

  /** Reads the overrides the context's entities lack (one round trip); on failure, what is cached. */
  private async loadOverrides(
    context: EvaluationContext,
  ): Promise<{ overrides: readonly FlagOverride[]; stale: boolean }> {
    const entities = overrideEntities(context);
    if (!this.host.isFailing()) {
      try {
        const byKey = await this.overrides.load(entities, (missing) => this.host.readOverrides(missing));
        const overrides: FlagOverride[] = [];
        for (const list of byKey.values()) overrides.push(...list);
        return { overrides, stale: false };
      } catch (error) {
        this.host.report(error);
      }
    }
    // The store is down: serve what is known rather than wait on it, and say so.
    const known: FlagOverride[] = [];
    for (const entity of entities) known.push(...(this.overrides.cached(entity.entityType, entity.entityId) ?? []));
    return { overrides: known, stale: true };
  }

  private finish<T>(details: LiveEvaluationDetails<T>, stale: boolean): LiveEvaluationDetails<T> {
    if (stale || this.host.isStale()) details.stale = true;
    return details;
  }

  private run<T>(
    flag: FeatureFlag | undefined,
    key: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext,
    overrides: readonly FlagOverride[],
    stale: boolean,
  ): LiveEvaluationDetails<T> {
    const details = evaluateFlag<T>(flag ?? null, context, {
      defaultValue,
      type,
      flagKey: key,
      overrides,
      segments: this.snapshot.segments,
      prerequisites: this.flagLookup,
    });
    return this.finish(details, stale);
  }

  /** One flag now, or a promise of it when the context's overrides must be read first (`wait`). */
  evaluate<T>(
    key: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext | undefined,
    wait: boolean,
  ): LiveEvaluationDetails<T> | Promise<LiveEvaluationDetails<T>> {
    if (!this.host.hasSnapshot()) return notReady(key, defaultValue);
    const ctx = this.contextFor(context);
    const flag = this.snapshot.flag(key);
    // Only an active flag reaches the override step; every other answer needs the flag alone.
    if (flag === undefined || flag.status !== 'active') {
      return this.run(flag, key, type, defaultValue, ctx, NO_OVERRIDES, false);
    }
    const cached = this.cachedOverrides(ctx);
    if (cached !== undefined) return this.run(flag, key, type, defaultValue, ctx, cached, false);
    if (!wait) {
      this.prefetch(ctx);
      return overridesLoading(key, defaultValue);
    }
    return this.loadOverrides(ctx).then(({ overrides, stale }) =>
      // Read the flag again: the snapshot may have moved while the overrides were read.
      this.run(this.snapshot.flag(key), key, type, defaultValue, ctx, overrides, stale),
    );
  }

  /** Starts reading the context's uncached overrides, for a later call. */
  prefetch(context: EvaluationContext): void {
    if (this.host.isFailing()) return;
    this.overrides
      .load(overrideEntities(context), (missing) => this.host.readOverrides(missing))
      .catch((error: unknown) => this.host.report(error));
  }

  /** The flags with these keys (every flag when null), each serving its own type; errors carry `null`. */
  evaluateMany(
    keys: readonly string[] | null,
    context: EvaluationContext | undefined,
    wait: boolean,
  ): LiveFlagResults | Promise<LiveFlagResults> {
    if (!this.host.hasSnapshot()) return this.notReadyResults(keys);
    const ctx = this.contextFor(context);
    const cached = this.cachedOverrides(ctx);
    if (cached !== undefined) return this.many(keys ?? this.snapshot.keys(), ctx, cached, false);
    if (!wait) {
      this.prefetch(ctx);
      return this.many(keys ?? this.snapshot.keys(), ctx, null, false);
    }
    return this.loadOverrides(ctx).then(({ overrides, stale }) =>
      this.many(keys ?? this.snapshot.keys(), ctx, overrides, stale),
    );
  }

  private notReadyResults(keys: readonly string[] | null): LiveFlagResults {
    const results: LiveFlagResults = {};
    for (const key of keys ?? []) setResult(results, key, notReady(key, null));
    return results;
  }

  /** `overrides` null: not loaded, so active flags answer {@link overridesLoading}. */
  private many(
    keys: readonly string[],
    context: EvaluationContext,
    overrides: readonly FlagOverride[] | null,
    stale: boolean,
  ): LiveFlagResults {
    const byFlag = new Map<string, FlagOverride[]>();
    for (const override of overrides ?? NO_OVERRIDES) {
      const list = byFlag.get(override.flagId);
      if (list === undefined) byFlag.set(override.flagId, [override]);
      else list.push(override);
    }
    const results: LiveFlagResults = {};
    for (const key of keys) {
      const flag = this.snapshot.flag(key);
      let details: LiveEvaluationDetails<JsonValue>;
      if (overrides === null && flag?.status === 'active') details = overridesLoading(key, null);
      else {
        details = evaluateFlag<JsonValue>(flag ?? null, context, {
          defaultValue: null,
          type: null,
          flagKey: key,
          // A flag with prerequisites also needs its prerequisites' overrides: it gets them all.
          overrides:
            flag === undefined
              ? NO_OVERRIDES
              : flag.prerequisites?.length > 0
                ? (overrides ?? NO_OVERRIDES)
                : (byFlag.get(flag.id) ?? NO_OVERRIDES),
          segments: this.snapshot.segments,
          prerequisites: this.flagLookup,
        });
        details = this.finish(details, stale);
      }
      setResult(results, key, details);
    }
    return results;
  }
}
