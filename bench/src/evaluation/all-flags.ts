/**
 * `getAllFlags(ctx)` over 1,000 stored flags on the in-memory backend: 1,000 copies of the reference
 * flag under keys `flag-0000`…`flag-0999` (each with its 100-id list and segment rule), one segment.
 * One call evaluates every flag for one context; contexts rotate.
 */
import { FeatureFlagClient } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { type Measurement, measure } from '../measure.js';
import { type Person, referenceFlag, referenceSegment } from './fixture.js';
import { evaluateByHand, toFlatContext } from './handwritten.js';
import { toFlagsContext } from './ours.js';
import { BENCH_TIME_MS } from './timing.js';

/** Number of flags stored for the bulk benchmark. */
export const BULK_FLAG_COUNT = 1000;
/** Contexts whose 1,000 answers are checked against the hand-written flag before timing. */
const CHECKED_CONTEXTS = 50;

const keyOf = (i: number) => `flag-${String(i).padStart(4, '0')}`;

/** Fills a memory backend, checks the answers, then times one `getAllFlags` call. */
export async function measureAllFlags(people: readonly Person[]): Promise<Measurement> {
  const storage = new MemoryStorageBackend();
  await storage.createSegment(referenceSegment);
  for (let i = 0; i < BULK_FLAG_COUNT; i++) await storage.createFlag(referenceFlag(keyOf(i)));
  const client = new FeatureFlagClient({ storage });
  try {
    const contexts = people.map(toFlagsContext);
    for (let p = 0; p < CHECKED_CONTEXTS; p++) {
      const results = await client.getAllFlags(contexts[p]);
      const keys = Object.keys(results);
      if (keys.length !== BULK_FLAG_COUNT) {
        throw new Error(`[@flags/bench] getAllFlags returned ${keys.length} flags, expected ${BULK_FLAG_COUNT}`);
      }
      const flat = toFlatContext(people[p]!);
      for (let i = 0; i < BULK_FLAG_COUNT; i++) {
        const details = results[keyOf(i)];
        const expected = evaluateByHand(flat, keyOf(i));
        if (details?.value !== expected) {
          throw new Error(
            `[@flags/bench] getAllFlags: ${keyOf(i)} for ${people[p]!.userId} gave ${JSON.stringify(details)}, expected ${expected}`,
          );
        }
      }
    }
    let next = 0;
    return await measure(
      'getAllFlags',
      () => client.getAllFlags(contexts[next++ % contexts.length]),
      { time: Math.max(BENCH_TIME_MS, 1000) },
    );
  } finally {
    await client.close();
  }
}
