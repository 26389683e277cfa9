import {
  type FeatureFlag,
  type FeatureFlagInput,
  type FlagOverride,
  type FlagOverrideInput,
  type OverrideEntity,
  type Segment,
  type SegmentInput,
  StorageError,
} from '@flags/core';
import { type ReferenceState, ReferenceStorageBackend } from '../src/index.js';

/**
 * Reference stores with the defects the adversarial pass found in real backends, one each: the
 * self-test asserts the checks meant to catch a defect fail on the store that has it.
 */

/** What a UTF-8 encoder makes of text: every lone surrogate becomes U+FFFD. */
const utf8 = (text: string): string =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Every string of `value`, deep, through `convert` (Dates and other objects kept). */
function mapStrings<T>(value: T, convert: (text: string) => string): T {
  if (typeof value === 'string') return convert(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, convert)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [convert(key), mapStrings(item, convert)])) as T;
}

/** After close() every call still works (the drizzle backend on an app's database once did this). */
export class UsableAfterCloseStore extends ReferenceStorageBackend {
  protected override assertOpen(): void {}
}

/** Lookups encode their text as UTF-8 first, so `x\uD800` finds the record stored under `x\uFFFD`. */
export class EncodingCollisionStore extends ReferenceStorageBackend {
  override getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    return super.getOverride(utf8(flagId), utf8(entityType), utf8(entityId));
  }
  override getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    return super.getOverrides(utf8(flagId), mapStrings(entities, utf8));
  }
  override deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return super.deleteOverride(utf8(flagId), utf8(entityType), utf8(entityId));
  }
  override getSegment(id: string): Promise<Segment | null> {
    return super.getSegment(utf8(id));
  }
}

/** Lookups cut their text to a 255-character column, so a longer value finds the record named by its prefix. */
export class PrefixLookupStore extends ReferenceStorageBackend {
  override getFlag(key: string): Promise<FeatureFlag | null> {
    return super.getFlag(key.slice(0, 255));
  }
  override getOverride(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    return super.getOverride(flagId, entityType, entityId.slice(0, 255));
  }
}

/** Override lookups of text with NUL fail, as a PostgreSQL driver does. */
export class NulLookupFailsStore extends ReferenceStorageBackend {
  override getOverrides(flagId: string, entities: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    if (entities.some((e) => e.entityId.includes('\u0000'))) {
      return Promise.reject(new StorageError('[broken] invalid byte sequence for encoding "UTF8": 0x00'));
    }
    return super.getOverrides(flagId, entities);
  }
}

/** Writes store what an encoder makes of ill-formed text (and drop NUL) instead of refusing it. */
export class IllFormedTextStoredStore extends ReferenceStorageBackend {
  static #clean = (text: string) => utf8(text).replaceAll('\u0000', '');
  override createFlag(input: FeatureFlagInput): Promise<FeatureFlag> {
    return super.createFlag(mapStrings(input, IllFormedTextStoredStore.#clean));
  }
  override upsertOverride(input: FlagOverrideInput): Promise<FlagOverride> {
    return super.upsertOverride(mapStrings(input, IllFormedTextStoredStore.#clean));
  }
  override createSegment(input: SegmentInput): Promise<Segment> {
    return super.createSegment(mapStrings(input, IllFormedTextStoredStore.#clean));
  }
}

/** Integers past signed 32 bits are clamped, as a MariaDB server in non-strict mode does. */
export class ClampingStore extends ReferenceStorageBackend {
  override createFlag(input: FeatureFlagInput): Promise<FeatureFlag> {
    const clamp = (n: number | undefined) => (n === undefined ? n : Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, n)));
    return super.createFlag({
      ...input,
      rules: input.rules?.map((rule) => ({ ...rule, priority: clamp(rule.priority) })),
    });
  }
}

/** An upsert carrying a known override id updates that row, whatever entity it belongs to (MariaDB's ON DUPLICATE KEY). */
export class ForeignIdUpsertStore extends ReferenceStorageBackend {
  override async upsertOverride(input: FlagOverrideInput): Promise<FlagOverride> {
    const id = input.id;
    const holder = id === undefined ? undefined : (await this.listOverrides(input.flagId)).find((o) => o.id === id);
    if (holder === undefined) return super.upsertOverride(input);
    await super.deleteOverride(holder.flagId, holder.entityType, holder.entityId);
    return super.upsertOverride({ ...input, id: undefined });
  }
}

/** Deleting an expired override reports true (the SQL backends once did). */
export class ExpiredDeleteTrueStore extends ReferenceStorageBackend {
  override deleteOverride(flagId: string, entityType: string, entityId: string): Promise<boolean> {
    return this.write((s) => {
      const before = s.overrides.length;
      s.overrides = s.overrides.filter(
        (o) => !(o.flagId === flagId && o.entityType === entityType && o.entityId === entityId),
      );
      return s.overrides.length < before;
    });
  }
}

/** updateFlag without an id finds the flag by key (the SQL backends once did). */
export class UpdateByKeyStore extends ReferenceStorageBackend {
  override async updateFlag(input: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
    if (input.id !== undefined) return super.updateFlag(input);
    const stored = await this.getFlag(input.key);
    return super.updateFlag(stored ? { ...input, id: stored.id } : input);
  }
}

/** Reads come back with JSON object keys sorted, as PostgreSQL's jsonb gives them. */
export class SortedJsonKeysStore extends ReferenceStorageBackend {
  protected override async read<T>(query: (state: ReferenceState, now: Date) => T): Promise<T> {
    return sortKeys(await super.read(query));
  }
}

function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Map) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)])) as T;
}
