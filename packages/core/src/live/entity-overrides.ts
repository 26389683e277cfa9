import { LruCache } from '../caching/lru-cache.js';
import type { FlagOverride, OverrideEntity } from '../models/override.js';

/** A key naming one entity (ids never hold NUL: no override can be stored for such an id). */
export function entityKey(entityType: string, entityId: string): string {
  return `${entityType}\u0000${entityId}`;
}

const NONE: readonly FlagOverride[] = Object.freeze([]);

/** The cached overrides of one id, by entity type (`user`, `targeting_key`, …). */
type Entry = Record<string, readonly FlagOverride[] | undefined>;

/** A read of some entities in flight; `stale` names those a change touched meanwhile. */
interface Loading {
  done: Promise<Map<string, readonly FlagOverride[]>>;
  stale: Set<string>;
}

/**
 * The overrides of recently seen entities, across all flags: a bounded LRU by entity id (a context's
 * `userId` and `targetingKey` are often the same id: one entry, one lookup), filled by one
 * `getOverridesForEntities` round trip per set of new entities. Expired overrides may stay cached:
 * evaluation ignores an override once its `expiresAt` has passed, so it ends on time without a read.
 */
export class EntityOverrides {
  private readonly cache: LruCache<string, Entry>;
  private readonly loading = new Map<string, Loading>();

  /** @param maxIds how many distinct entity ids stay cached. */
  constructor(maxIds: number) {
    this.cache = new LruCache(maxIds);
  }

  /** The cached overrides of this entity, or undefined when not cached. */
  cached(entityType: string, entityId: string): readonly FlagOverride[] | undefined {
    return this.cache.get(entityId)?.[entityType];
  }

  /** Entity ids cached. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * The overrides of each of `entities` by {@link entityKey}: cached ones as they are, the others read
   * in one call of `read` (entities already being read join that read). Results are cached unless a
   * change to the entity was applied while they were read.
   */
  async load(
    entities: readonly OverrideEntity[],
    read: (entities: readonly OverrideEntity[]) => Promise<FlagOverride[]>,
  ): Promise<Map<string, readonly FlagOverride[]>> {
    const found = new Map<string, readonly FlagOverride[]>();
    const missing: OverrideEntity[] = [];
    const joined = new Set<Loading>();
    for (const entity of entities) {
      const key = entityKey(entity.entityType, entity.entityId);
      const cached = this.cached(entity.entityType, entity.entityId);
      if (cached !== undefined) {
        found.set(key, cached);
        continue;
      }
      const pending = this.loading.get(key);
      if (pending !== undefined) joined.add(pending);
      else if (!missing.some((m) => m.entityType === entity.entityType && m.entityId === entity.entityId)) {
        missing.push(entity);
      }
    }
    if (missing.length > 0) joined.add(this.start(missing, read));
    for (const pending of joined) {
      for (const [key, overrides] of await pending.done) if (!found.has(key)) found.set(key, overrides);
    }
    return found;
  }

  private start(
    entities: readonly OverrideEntity[],
    read: (entities: readonly OverrideEntity[]) => Promise<FlagOverride[]>,
  ): Loading {
    const keys = entities.map((e) => entityKey(e.entityType, e.entityId));
    const loading: Loading = { done: Promise.resolve(new Map()), stale: new Set() };
    loading.done = (async () => {
      try {
        const byKey = new Map<string, FlagOverride[]>(keys.map((key) => [key, []]));
        for (const override of await read(entities)) {
          byKey.get(entityKey(override.entityType, override.entityId))?.push(override);
        }
        const result = new Map<string, readonly FlagOverride[]>();
        entities.forEach((entity, i) => {
          const key = keys[i]!;
          const list = byKey.get(key)!;
          const overrides = list.length === 0 ? NONE : list;
          result.set(key, overrides);
          if (!loading.stale.has(key)) this.store(entity, overrides);
        });
        return result;
      } finally {
        for (const key of keys) if (this.loading.get(key) === loading) this.loading.delete(key);
      }
    })();
    for (const key of keys) this.loading.set(key, loading);
    return loading;
  }

  private store(entity: OverrideEntity, overrides: readonly FlagOverride[]): void {
    const entry = this.cache.get(entity.entityId);
    if (entry !== undefined) entry[entity.entityType] = overrides;
    else this.cache.set(entity.entityId, { [entity.entityType]: overrides });
  }

  /** Forgets the entity: a change to its overrides was seen (a read in flight is not cached either). */
  evict(entityType: string, entityId: string): void {
    const entry = this.cache.get(entityId);
    if (entry !== undefined) {
      delete entry[entityType];
      if (Object.keys(entry).length === 0) this.cache.delete(entityId);
    }
    this.loading.get(entityKey(entityType, entityId))?.stale.add(entityKey(entityType, entityId));
  }

  /** Forgets every entity (a reload). */
  clear(): void {
    this.cache.clear();
    for (const [key, loading] of this.loading) loading.stale.add(key);
  }
}
