import type { FlagMetadata } from '@openfeature/server-sdk';
import type { FlagFacts } from './source/index.js';

const EMPTY: FlagMetadata = Object.freeze({});
// One frozen metadata object per flag version (facts are replaced when a flag changes), so the SDK's
// per-evaluation Object.freeze finds it already frozen and nothing is rebuilt per call.
const withFactsCache = new WeakMap<FlagFacts, FlagMetadata>();
const ownOnlyCache = new WeakMap<FlagFacts, FlagMetadata>();

/**
 * The `flagMetadata` of a resolution: the flag's own metadata entries whose value is a string, a
 * finite number or a boolean (OpenFeature's metadata is flat; nested values and nulls are left out),
 * then — when `withFacts` — `type`, `version` and `tags` (comma-separated, only when there are tags),
 * which win over own entries of the same name. Frozen, shared by every evaluation of one flag version.
 */
export function flagMetadataOf(facts: FlagFacts | undefined, withFacts: boolean): FlagMetadata {
  if (facts === undefined) return EMPTY;
  const cache = withFacts ? withFactsCache : ownOnlyCache;
  let metadata = cache.get(facts);
  if (metadata === undefined) {
    metadata = Object.freeze(build(facts, withFacts));
    cache.set(facts, metadata);
  }
  return metadata;
}

function build(facts: FlagFacts, withFacts: boolean): FlagMetadata {
  const metadata: Record<string, string | number | boolean> = {};
  const own = facts.metadata;
  if (own !== null && typeof own === 'object') {
    for (const key of Object.keys(own)) {
      const value = own[key];
      if (
        typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value))
      ) {
        if (key === '__proto__')
          Object.defineProperty(metadata, key, { value, enumerable: true, writable: true, configurable: true });
        else metadata[key] = value;
      }
    }
  }
  if (withFacts) {
    metadata.type = facts.flagType;
    metadata.version = facts.version;
    if (facts.tags.length > 0) metadata.tags = facts.tags.join(',');
  }
  return metadata;
}
