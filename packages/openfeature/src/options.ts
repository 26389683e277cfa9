import type { StorageBackend } from '@flags/core';

/** What a disabled flag serves through the provider. */
export type DisabledValue = 'fallback' | 'off-value';

/** Options of {@link FlagsProvider}. */
export interface FlagsProviderOptions {
  /** The @flags backend to read flags from (any: memory, drizzle, redis, your own). Closed by `onClose` only when `closeStorage` is true. */
  storage: StorageBackend;
  /**
   * How often the store is checked for writes, outages and recovery, in ms.
   * @default 1000
   */
  pollMs?: number;
  /**
   * Once the last successful read of the store is older than this, the provider reports `STALE`
   * (it keeps serving the last flags it read), in ms.
   * @default 30000
   */
  staleAfterMs?: number;
  /**
   * Longest one storage call may take before it counts as failed (the evaluation then serves the
   * caller's default with `ERROR`/`GENERAL`), in ms.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * What a disabled flag (status not `active`, or outside all of its time schedules) serves, with reason
   * `DISABLED`: `'fallback'` — the caller's default value, OpenFeature's convention — or
   * `'off-value'` — the flag's own off value (`false` / `defaultValue`), as `@flags/core` serves it.
   * @default 'fallback'
   */
  disabledValue?: DisabledValue;
  /**
   * Whether `flagMetadata` carries the flag's `type`, `version` and `tags` besides its own flat metadata.
   * @default true
   */
  flagFacts?: boolean;
  /**
   * Whether `onClose` also closes `storage` (when the provider is the storage's only user).
   * @default false
   */
  closeStorage?: boolean;
}
