import type { FeedRetention, StorageBackend } from '@flags/core';
import { runStorageConformance } from '@flags/testkit';
import { deleteKeysUnder, uniqueSuffix, useTestRedis } from './redis-env.js';

/** Opens a backend over the keys under `prefix`, keeping what `feedRetention` says of the feed. */
export type OpenBackend = (prefix: string, feedRetention?: FeedRetention) => StorageBackend | Promise<StorageBackend>;

/**
 * Registers the testkit's conformance suite for one client and one prefix family. Every check gets
 * its own prefix under `<base><unique run suffix>:` (so runs and checks never share a key), `reopen`
 * opens a new backend on the same prefix, and the suite deletes its keys afterwards (SCAN + DEL).
 * A missing Redis fails every check, naming the URL and the env var. `loseData(prefix)` makes the
 * store lose every key under `prefix` (default: deleted from the test Redis); a topology of its own
 * flushes its servers.
 */
export function registerConformance(
  name: string,
  base: string,
  open: () => OpenBackend,
  loseData?: (prefix: string) => Promise<void>,
): void {
  const root = `${base}${uniqueSuffix(name.replace(/\W+/g, '-'))}:`;
  const prefixes = new WeakMap<StorageBackend, string>();
  let checks = 0;
  const env = useTestRedis((redis) => deleteKeysUnder(redis, root));

  async function openAt(prefix: string, feedRetention?: FeedRetention): Promise<StorageBackend> {
    const backend = await open()(prefix, feedRetention);
    prefixes.set(backend, prefix);
    return backend;
  }

  runStorageConformance({
    name: `${name} (prefix ${base})`,
    create: () => openAt(`${root}${++checks}:`),
    reopen: async (backend) => openAt(prefixes.get(backend)!),
    reopenWithFeedRetention: async (backend, feedRetention) => openAt(prefixes.get(backend)!, feedRetention),
    // Every key of the store gone, as after a restart without persistence or FLUSHDB.
    reopenAfterDataLoss: async (backend) => {
      const prefix = prefixes.get(backend)!;
      await (loseData ? loseData(prefix) : deleteKeysUnder(env.redis, prefix));
      return openAt(prefix);
    },
  });
}
