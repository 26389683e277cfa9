import { murmur3 } from '@flags/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Straightforward reference over TextEncoder bytes, to check the allocation-free implementation against.
function reference(input: string, seed = 0): number {
  const bytes = new TextEncoder().encode(input);
  const mix = (k: number) =>
    Math.imul((Math.imul(k, 0xcc9e2d51) << 15) | (Math.imul(k, 0xcc9e2d51) >>> 17), 0x1b873593);
  let h = seed | 0;
  const blocks = bytes.length >> 2;
  for (let b = 0; b < blocks; b++) {
    const i = b * 4;
    const k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    h ^= mix(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = blocks * 4;
  for (let i = bytes.length - 1; i >= tail; i--) k = (k << 8) | (bytes[i] as number);
  if (bytes.length & 3) h ^= mix(k);
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

describe('murmur3', () => {
  it.each([
    ['new_checkout:user-123', 2880407401, 2],
    ['new_checkout:user-456', 3717942900, 1],
    ['feature-x:user-1', 2229360780, 81],
    ['beta:alice', 970343495, 96],
    ['beta:bob', 714817784, 85],
  ])('rollout vector %s → hash %i, bucket %i (h %% 100 + 1)', (input, hash, bucket) => {
    expect(murmur3(input)).toBe(hash);
    expect((murmur3(input) % 100) + 1).toBe(bucket);
  });

  it.each([
    ['ab_test:variant:user-123', 9],
    ['ab_test:variant:user-456', 97],
    ['ab_test:variant:', 12],
    ['checkout_test:variant:user-1', 71],
  ])('variant vector %s → bucket %i (h %% 100)', (input, bucket) => {
    expect(murmur3(input) % 100).toBe(bucket);
  });

  it('matches the published x86_32 test vectors, seeds included', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('', 0xffffffff)).toBe(0x81f16f39);
    expect(murmur3('test')).toBe(0xba6bd213);
    expect(murmur3('Hello, world!')).toBe(0xc0363e43);
    expect(murmur3('Hello, world!', 1234)).toBe(0xfaf6cdb3);
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
    expect(murmur3('The quick brown fox jumps over the lazy dog', 0x9747b28c)).toBe(0x2fa826cd);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    // 'ü' is C3 BC, '€' E2 82 AC, '😀' F0 9F 98 80: lengths 2, 3, 4 bytes.
    expect(murmur3('ü')).toBe(reference('ü'));
    expect(murmur3('€')).toBe(reference('€'));
    expect(murmur3('😀')).toBe(reference('😀'));
    expect(murmur3('flag:用户-é€😀')).toBe(reference('flag:用户-é€😀'));
    expect(murmur3('ü')).not.toBe(murmur3('\u00fc'.normalize('NFD')));
    expect(murmur3('flag:abcdü')).toBe(reference('flag:abcdü'));
  });

  it('treats a lone surrogate as U+FFFD, like TextEncoder', () => {
    expect(murmur3('a\ud800b')).toBe(murmur3('a\ufffdb'));
    expect(murmur3('\udc00')).toBe(reference('\udc00'));
  });

  it('always returns an unsigned 32-bit integer equal to the TextEncoder reference', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 0xffffffff }), (input, seed) => {
        const hash = murmur3(input, seed);
        expect(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff).toBe(true);
        expect(hash).toBe(reference(input, seed));
      }),
      { numRuns: 500 },
    );
  });
});
