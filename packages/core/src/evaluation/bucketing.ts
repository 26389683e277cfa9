import { murmur3 } from '../util/murmur3.js';

/**
 * The bucket (0–99) of `prefix + targetingKey`: `murmur3(…) % 100` (MurmurHash3 x86 32-bit, seed 0,
 * UTF-8). The one bucketing formula: rollouts use the prefix `"<flagKey>:"` (and add 1), variants
 * `"<flagKey>:variant:"`; the engine keeps both prefixes per compiled flag.
 */
export function bucketOf(prefix: string, targetingKey: string): number {
  return murmur3(prefix + targetingKey) % 100;
}

/**
 * The rollout bucket (1–100) of a targeting key on a flag: `murmur3("<flagKey>:<targetingKey>") % 100 + 1`
 * (MurmurHash3 x86 32-bit, seed 0, UTF-8), as litestar-flags computes it, so users keep their buckets.
 */
export function rolloutBucket(flagKey: string, targetingKey: string): number {
  return bucketOf(`${flagKey}:`, targetingKey) + 1;
}

/**
 * Whether a targeting key is inside a rule's rollout: its {@link rolloutBucket} is at most `percentage`.
 * No targeting key → never inside; 0 → nobody; 100 → everyone with a key. Raising the percentage
 * only ever adds keys.
 */
export function isInRollout(flagKey: string, targetingKey: string | null | undefined, percentage: number): boolean {
  if (targetingKey === undefined || targetingKey === null) return false;
  if (percentage >= 100) return true;
  if (percentage <= 0) return false;
  return rolloutBucket(flagKey, targetingKey) <= percentage;
}

/**
 * The variant bucket (0–99) of a targeting key on a flag: `murmur3("<flagKey>:variant:<targetingKey>") % 100`;
 * a missing key hashes as `""`. Variants sorted by key take the bucket whose running weight total
 * first exceeds it.
 */
export function variantBucket(flagKey: string, targetingKey: string | null | undefined): number {
  return bucketOf(`${flagKey}:variant:`, targetingKey ?? '');
}
