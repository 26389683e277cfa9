import type { ConformanceTestId } from './groups/index.js';
import type { BackendHooks } from './harness.js';

/** One skipped check and why. */
export interface ConformanceSkip {
  id: ConformanceTestId;
  /** Shown in the skipped test's title; must not be empty. */
  reason: string;
}

/**
 * Checks to skip, each with its reason: a map `{ 'persistence.records-survive-reopen': 'in-memory only' }`
 * or a list `[{ id, reason }]`. Ids are typed; unknown ids and empty reasons throw at registration.
 */
export type ConformanceSkips = Partial<Record<ConformanceTestId, string>> | readonly ConformanceSkip[];

/** Options of {@link runStorageConformance}. */
export interface StorageConformanceOptions extends BackendHooks {
  /** Names the backend in the top-level `describe` title. */
  name: string;
  /** Checks not to run; the only way to skip. @default none */
  skip?: ConformanceSkips;
  /** Per-check timeout in milliseconds (a check may make a few hundred calls). @default 30_000 */
  timeoutMs?: number;
}
