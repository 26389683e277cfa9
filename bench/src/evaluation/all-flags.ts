/**
 * `getAllFlags(ctx)` over 1,000 stored flags on the in-memory backend, for two flag shapes:
 * 1,000 copies of the reference flag (keys `flag-0000`…, each with its 100-id list and segment rule —
 * the heavy case) and 1,000 small flags (one rule: plan = enterprise, 50% rollout). One call evaluates
 * every flag for one context; contexts rotate. Answers are checked against hand-written ones first.
 */
import { FeatureFlagClient, type FeatureFlagInput, murmur3 } from '@flags/core';
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

/** A flag shape for the bulk benchmark: how to store it and its expected answer. */
export interface BulkShape {
  label: string;
  flag(key: string): FeatureFlagInput;
  expected(person: Person, key: string): boolean;
}

/** The reference flag, 1,000 times. */
export const referenceShape: BulkShape = {
  label: 'reference flags',
  flag: referenceFlag,
  expected: (person, key) => evaluateByHand(toFlatContext(person), key),
};

/** A one-rule flag (plan = enterprise, 50% rollout), 1,000 times. */
export const smallShape: BulkShape = {
  label: 'one-rule flags',
  flag: (key) => ({
    key,
    rules: [{ conditions: [{ attribute: 'plan', operator: 'eq', value: 'enterprise' }], rolloutPercentage: 50 }],
  }),
  expected: (person, key) => person.plan === 'enterprise' && (murmur3(`${key}:${person.userId}`) % 100) + 1 <= 50,
};

const keyOf = (i: number) => `flag-${String(i).padStart(4, '0')}`;

/** Fills a memory backend with 1,000 flags of `shape`, checks the answers, then times `getAllFlags`. */
export async function measureAllFlags(people: readonly Person[], shape: BulkShape): Promise<Measurement> {
  const storage = new MemoryStorageBackend();
  await storage.createSegment(referenceSegment);
  for (let i = 0; i < BULK_FLAG_COUNT; i++) await storage.createFlag(shape.flag(keyOf(i)));
  const client = new FeatureFlagClient({ storage });
  try {
    const contexts = people.map(toFlagsContext);
    for (let p = 0; p < CHECKED_CONTEXTS; p++) {
      const results = await client.getAllFlags(contexts[p]);
      const count = Object.keys(results).length;
      if (count !== BULK_FLAG_COUNT) {
        throw new Error(`[@flags/bench] getAllFlags returned ${count} flags, expected ${BULK_FLAG_COUNT}`);
      }
      for (let i = 0; i < BULK_FLAG_COUNT; i++) {
        const details = results[keyOf(i)];
        const expected = shape.expected(people[p]!, keyOf(i));
        if (details?.value !== expected) {
          throw new Error(
            `[@flags/bench] getAllFlags (${shape.label}): ${keyOf(i)} for ${people[p]!.userId} gave ${JSON.stringify(details)}, expected ${expected}`,
          );
        }
      }
    }
    let next = 0;
    return await measure(`getAllFlags ${shape.label}`, () => client.getAllFlags(contexts[next++ % contexts.length]), {
      time: Math.max(BENCH_TIME_MS, 1000),
    });
  } finally {
    await client.close();
  }
}
