import type { FeedRetention, StorageBackend } from '@flags/core';
import type { CheckContext, ConformanceCheck } from './check.js';

/** How the suite gets, resets, reopens and disposes of backends. */
export interface BackendHooks {
  /** Returns a backend to test (fresh, or over data the `reset` hook clears). Called once per check. */
  create: () => StorageBackend | Promise<StorageBackend>;
  /** Empties the store before each check. Optional: checks use unique keys and tolerate foreign data. */
  reset?: (backend: StorageBackend) => void | Promise<void>;
  /**
   * Disposes of every instance a check used (from `create` or `reopen`), after the check, even when it failed.
   * @default (backend) => backend.close()
   */
  teardown?: (backend: StorageBackend) => void | Promise<void>;
  /** Returns a new instance over the same underlying data, for the persistence checks. */
  reopen?: (backend: StorageBackend) => StorageBackend | Promise<StorageBackend>;
  /**
   * Returns a new instance over the same data as `backend` whose change feed keeps what `feedRetention`
   * says (the backend option of that name), for the feed retention checks.
   */
  reopenWithFeedRetention?: (
    backend: StorageBackend,
    feedRetention: FeedRetention,
  ) => StorageBackend | Promise<StorageBackend>;
  /**
   * Empties the store under `backend` the way a lost store is empty — every record and the change feed
   * with its counter gone (Redis: every key under the prefix deleted, as a restart without persistence
   * or FLUSHDB does; SQL: every row of the tables deleted; memory: a new store) — and returns a new
   * instance over it, for `feed-retention.reset-after-data-loss`.
   */
  reopenAfterDataLoss?: (backend: StorageBackend) => StorageBackend | Promise<StorageBackend>;
  /**
   * Returns a new instance over the same data as `backend` whose writes call `pause()` inside their
   * transaction, after recording their changes and before committing, and wait for it. Give it where a
   * transaction can be held open while another commits (PostgreSQL, MySQL): the commit-order check then
   * makes two writers commit out of order. Without it, that check races plain concurrent writes.
   */
  reopenPausingWrites?: (
    backend: StorageBackend,
    pause: () => Promise<void>,
  ) => StorageBackend | Promise<StorageBackend>;
}

// One per module instance: keeps `unique()` names apart across checks, files and repeated runs.
const runId = Math.random().toString(36).slice(2, 8);
let counter = 0;

function nextName(label: string): string {
  counter += 1;
  return `tk-${label}-${runId}-${counter.toString(36)}`;
}

/**
 * Runs one check the way `runStorageConformance` does: a backend from `create`, `reset` when given,
 * the check, then `teardown` of every instance used. Rejects with the check's failure (a teardown
 * failure is reported only when the check itself passed). Group authors use it to test their checks.
 */
export async function runCheck(check: ConformanceCheck, hooks: BackendHooks): Promise<void> {
  const opened: StorageBackend[] = [];
  const track = (backend: StorageBackend): StorageBackend => {
    if (!opened.includes(backend)) opened.push(backend);
    return backend;
  };
  let failure: { error: unknown } | undefined;
  try {
    const backend = track(await hooks.create());
    await hooks.reset?.(backend);
    const ctx: CheckContext = {
      checkId: check.id,
      backend,
      unique: nextName,
      async reopen(target = backend) {
        if (!hooks.reopen) {
          throw new Error(
            `[@flags/testkit] check "${check.id}" needs the \`reopen\` hook: pass \`reopen\` to runStorageConformance, or skip "${check.id}" with a reason`,
          );
        }
        return track(await hooks.reopen(target));
      },
      async reopenWithFeedRetention(feedRetention, target = backend) {
        if (!hooks.reopenWithFeedRetention) {
          throw new Error(
            `[@flags/testkit] check "${check.id}" needs the \`reopenWithFeedRetention\` hook: pass it to runStorageConformance`,
          );
        }
        return track(await hooks.reopenWithFeedRetention(target, feedRetention));
      },
      async reopenAfterDataLoss(target = backend) {
        if (!hooks.reopenAfterDataLoss) {
          throw new Error(
            `[@flags/testkit] check "${check.id}" needs the \`reopenAfterDataLoss\` hook: pass it to runStorageConformance, or skip "${check.id}" with a reason`,
          );
        }
        return track(await hooks.reopenAfterDataLoss(target));
      },
      reopenPausingWrites: hooks.reopenPausingWrites
        ? async (pause, target = backend) => track(await hooks.reopenPausingWrites!(target, pause))
        : undefined,
      async createBackend() {
        return track(await hooks.create());
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    await check.run(ctx);
  } catch (error) {
    failure = { error };
  }
  const teardownError = await disposeAll(opened, hooks);
  if (failure) throw failure.error;
  if (teardownError) throw teardownError.error;
}

async function disposeAll(opened: StorageBackend[], hooks: BackendHooks): Promise<{ error: unknown } | undefined> {
  let first: { error: unknown } | undefined;
  // Reverse order: reopened instances go before the ones they were opened over.
  for (const backend of opened.reverse()) {
    try {
      await (hooks.teardown ? hooks.teardown(backend) : backend.close());
    } catch (error) {
      first ??= { error };
    }
  }
  return first;
}
