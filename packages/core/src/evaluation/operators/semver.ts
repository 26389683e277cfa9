import type SemVer from 'semver/classes/semver.js';
import parse from 'semver/functions/parse.js';
import { LruCache } from '../../caching/lru-cache.js';
import type { JsonValue } from '../../models/json.js';
import type { ValueTest } from './types.js';

// Versions in contexts repeat (every user of one app build sends the same one), so parsed versions
// are remembered by their text (a pure function of it). Bounded: a stream of distinct junk strings
// only evicts the least recently used.
const parsed = new LruCache<string, SemVer | null>(1000);
// litestar-flags padded short versions ("2" → 2.0.0, "2.1" → 2.1.0); kept for attribute values.
const SHORT_VERSION = /^v?\d+(?:\.\d+)?$/;

/**
 * The SemVer 2.0 version a string names (a leading `v` allowed; `1` and `1.2` read as `1.0.0` and
 * `1.2.0`), or null. Cached.
 */
export function parseVersion(text: string): SemVer | null {
  let version = parsed.get(text);
  if (version === undefined) {
    let source = text.trim();
    if (SHORT_VERSION.test(source)) source = source.split('.').length === 1 ? `${source}.0.0` : `${source}.0`;
    version = parse(source);
    parsed.set(text, version);
  }
  return version;
}

/**
 * `semver_eq`/`gt`/`lt`/`gte`/`lte`: full SemVer 2.0 precedence (pre-releases rank below their
 * release, build metadata ignored). The operand is parsed once; an attribute that is not a version
 * string, or an operand that is not a version, is false.
 */
export function semverCompare(operand: JsonValue, accept: (comparison: number) => boolean): ValueTest {
  const bound = typeof operand === 'string' ? parseVersion(operand) : null;
  if (bound === null) return () => false;
  return (value) => {
    if (typeof value !== 'string') return false;
    const version = parseVersion(value);
    return version !== null && accept(version.compare(bound));
  };
}
