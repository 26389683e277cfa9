// The harness itself: one check that passes, one that fails, one skipped — the runtime test expects
// exactly those counts, so a harness that stopped failing would be caught.
import { describe, expect, it, run } from './harness.js';

describe('harness', () => {
  it('passes', () => expect({ a: [1] }).toStrictEqual({ a: [1] }));
  it('fails', async () => expect(await Promise.resolve(1)).toBe(2));
  it.skip('skipped', () => {});
});

await run();
