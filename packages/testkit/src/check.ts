import type { FeedRetention, StorageBackend } from '@flags/core';

/** What a check gets to work with. Every check gets its own context and its own backend. */
export interface CheckContext {
  /** The id of the running check (for messages). */
  readonly checkId: string;
  /** The backend under test: from `create()`, then `reset()` when that hook is given. */
  readonly backend: StorageBackend;
  /**
   * A name no other call returns during this test run: `tk-<label>-<run>-<n>`. It is a valid flag key
   * and segment name, so checks stay independent even without a `reset` hook.
   */
  unique(label: string): string;
  /**
   * A new backend instance over the same data (the `reopen` hook). Only the returned instance should be
   * used afterwards (the hook may close the given one).
   * @throws Error naming the hook when no `reopen` hook was given.
   */
  reopen(backend?: StorageBackend): Promise<StorageBackend>;
  /**
   * A new instance over the same data whose feed keeps what `feedRetention` says.
   * @throws Error naming the hook when no `reopenWithFeedRetention` hook was given.
   */
  reopenWithFeedRetention(feedRetention: FeedRetention, backend?: StorageBackend): Promise<StorageBackend>;
  /**
   * A new instance over the same store after it lost everything it held, its change feed included (the
   * `reopenAfterDataLoss` hook).
   * @throws Error naming the hook when no `reopenAfterDataLoss` hook was given.
   */
  reopenAfterDataLoss(backend?: StorageBackend): Promise<StorageBackend>;
  /** A new instance whose writes wait for `pause()` before committing; undefined without that hook. */
  readonly reopenPausingWrites:
    | ((pause: () => Promise<void>, backend?: StorageBackend) => Promise<StorageBackend>)
    | undefined;
  /** One more instance from `create()` (not reset: it may share the primary's data). Torn down after the check. */
  createBackend(): Promise<StorageBackend>;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** One conformance check: a plain object; `run` rejects (normally through `expect`) when the backend fails it. */
export interface ConformanceCheck<Id extends string = string> {
  /** Stable id, `<group>.<slug>`; what `skip` names. */
  readonly id: Id;
  /** One line: the behaviour the check demands. */
  readonly title: string;
  run(ctx: CheckContext): Promise<void>;
}

/** A capability's checks, registered as one `describe` block. */
export interface ConformanceGroup<Id extends string = string> {
  /** Short name; every check id of the group starts with `<name>.`. */
  readonly name: string;
  /** The `describe` title. */
  readonly title: string;
  readonly checks: readonly ConformanceCheck<Id>[];
}

/** The union of check ids of a group type. */
export type CheckIdOf<G> = G extends ConformanceGroup<infer Id> ? Id : never;

/**
 * Declares a group and keeps its check ids as a string-literal union (the `const` type parameter does
 * what `as const` does), so the ids of every registered group add up to {@link ConformanceTestId}.
 * @throws Error when a check id does not start with `<name>.` or appears twice.
 */
export function defineGroup<const Id extends string>(group: ConformanceGroup<Id>): ConformanceGroup<Id> {
  const seen = new Set<string>();
  for (const check of group.checks) {
    if (!check.id.startsWith(`${group.name}.`)) {
      throw new Error(`[@flags/testkit] check id "${check.id}" must start with "${group.name}."`);
    }
    if (seen.has(check.id)) throw new Error(`[@flags/testkit] duplicate check id "${check.id}"`);
    seen.add(check.id);
  }
  return group;
}
