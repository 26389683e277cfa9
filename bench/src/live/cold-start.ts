import { LiveFlagClient, type StorageBackend } from '@flags/core';
import { referenceFlag } from '../evaluation/fixture.js';
import type { LiveTarget } from './backends.js';
import { inPool } from './counting.js';

/** Flags already seeded on each target by earlier calls. */
const seeded = new WeakMap<LiveTarget, number>();

/** Grows the target's store to `count` flags like the reference flag (`cold-<n>`), 16 writes at a time. */
export async function seedFlags(target: LiveTarget, writer: StorageBackend, count: number): Promise<void> {
  const from = seeded.get(target) ?? 0;
  const indexes = Array.from({ length: Math.max(0, count - from) }, (_, i) => from + i);
  await inPool(indexes, 16, (i) => writer.createFlag(referenceFlag(`cold-${String(i).padStart(5, '0')}`)));
  seeded.set(target, Math.max(from, count));
}

/** Median over `runs` of: open a new instance, construct a live client, `await ready()`. */
export async function measureColdStart(target: LiveTarget, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const client = new LiveFlagClient({ storage: await target.open(), loadTimeoutMs: 300_000 });
    await client.ready();
    times.push(performance.now() - started);
    await client.close();
  }
  return times.sort((x, y) => x - y)[Math.floor(times.length / 2)]!;
}
