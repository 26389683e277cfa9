/**
 * One step of the copy benchmark, in its own process so its peak memory is its own:
 * `seed <pgUrl> <flags> <overrides>` fills an empty PostgreSQL store; `copy <from> <to>` runs
 * `copyStorage` from one store to the other. Prints one JSON line: time, counts, peak memory.
 * A store is `postgres://…` or `redis://…#<prefix>` (the key prefix after the `#`).
 */
import { copyStorage, type FlagOverrideInput, type StorageBackend } from '@flags/core';
import * as pg from '@flags/storage-drizzle/pg';
import { RedisStorageBackend } from '@flags/storage-redis';

async function open(target: string, createTables = false): Promise<StorageBackend> {
  if (target.startsWith('redis://')) {
    const [url, prefix] = target.split('#');
    return RedisStorageBackend.create({ url: url!, prefix: prefix! });
  }
  return pg.createStorage({ url: target, createTables });
}

/** Samples the process's memory every 50 ms; `stop()` gives the peaks in MB. */
function memoryPeaks() {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: Math.round(rss / 2 ** 20), peakHeapMb: Math.round(heap / 2 ** 20) };
    },
  };
}

/** Runs `work` on `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function seed(url: string, flagCount: number, overrideCount: number) {
  const store = await open(url, true);
  const started = performance.now();
  const keys = Array.from({ length: flagCount }, (_, i) => `bench-flag-${String(i).padStart(5, '0')}`);
  const ids: string[] = [];
  await pool(keys, 16, async (key) => {
    const flag = await store.createFlag({
      key,
      flagType: 'boolean',
      rules: [
        { name: 'pro', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }], rolloutPercentage: 50 },
      ],
    });
    ids.push(flag.id);
  });
  const flagsMs = performance.now() - started;
  // Overrides spread evenly over the flags, the same users on every flag.
  const perFlag = Math.ceil(overrideCount / flagCount);
  const batches: FlagOverrideInput[][] = [];
  let batch: FlagOverrideInput[] = [];
  for (let n = 0; n < overrideCount; n++) {
    batch.push({
      flagId: ids[Math.floor(n / perFlag)]!,
      entityType: 'user',
      entityId: `user-${n % perFlag}`,
      enabled: n % 3 !== 0,
    });
    if (batch.length === 1000) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) batches.push(batch);
  const overridesStarted = performance.now();
  await pool(batches, 4, (b) => store.upsertOverrides!(b));
  const overridesMs = performance.now() - overridesStarted;
  await store.close();
  return { flagsMs, overridesMs, flags: flagCount, overrides: overrideCount };
}

async function copy(from: string, to: string) {
  const source = await open(from);
  const destination = await open(to, true);
  const memory = memoryPeaks();
  const started = performance.now();
  const result = await copyStorage(source, destination);
  const ms = performance.now() - started;
  const peaks = memory.stop();
  await source.close();
  await destination.close();
  return { ms, records: result.records, created: result.created, ...peaks };
}

const [mode, ...args] = process.argv.slice(2);
const output =
  mode === 'seed'
    ? await seed(args[0]!, Number(args[1]), Number(args[2]))
    : mode === 'copy'
      ? await copy(args[0]!, args[1]!)
      : undefined;
if (output === undefined) throw new Error(`[@flags/bench] copy worker: unknown mode "${mode}"`);
console.log(JSON.stringify(output));
