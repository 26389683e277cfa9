const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK(k: number): number {
  const k1 = Math.imul(k, C1);
  return Math.imul((k1 << 15) | (k1 >>> 17), C2);
}

function mixH(h: number, k: number): number {
  const h1 = h ^ mixK(k);
  return (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
}

function finalize(h: number, byteLength: number): number {
  let x = h ^ byteLength;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

// State of the non-ASCII path, module-level so it allocates nothing (a hash runs synchronously to the end).
let state = 0;
let block = 0;
let pending = 0;
let byteCount = 0;

function pushByte(byte: number): void {
  block |= byte << (pending << 3);
  byteCount++;
  if (++pending === 4) {
    state = mixH(state, block);
    block = 0;
    pending = 0;
  }
}

/** Hashes `input` from char `start` on (a multiple of 4, all before it ASCII), UTF-8-encoding on the fly. */
function hashFrom(input: string, start: number, h: number): number {
  state = h;
  block = 0;
  pending = 0;
  byteCount = start;
  const length = input.length;
  for (let i = start; i < length; i++) {
    let code = input.charCodeAt(i);
    if (code < 0x80) {
      pushByte(code);
    } else if (code < 0x800) {
      pushByte(0xc0 | (code >> 6));
      pushByte(0x80 | (code & 0x3f));
    } else {
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = i + 1 < length ? input.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
          pushByte(0xf0 | (code >> 18));
          pushByte(0x80 | ((code >> 12) & 0x3f));
          pushByte(0x80 | ((code >> 6) & 0x3f));
          pushByte(0x80 | (code & 0x3f));
          continue;
        }
        code = 0xfffd; // a lone surrogate, as TextEncoder encodes it
      }
      pushByte(0xe0 | (code >> 12));
      pushByte(0x80 | ((code >> 6) & 0x3f));
      pushByte(0x80 | (code & 0x3f));
    }
  }
  if (pending > 0) state ^= mixK(block);
  return finalize(state, byteCount);
}

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `input` (exactly the bytes `TextEncoder` produces,
 * lone surrogates becoming U+FFFD), as an unsigned 32-bit integer. Compatible with litestar-flags'
 * bucketing, so users keep their buckets. Allocation-free: ASCII is hashed straight from the char codes, other text is
 * UTF-8-encoded on the fly.
 * @param seed @default 0
 */
export function murmur3(input: string, seed = 0): number {
  let h = seed | 0;
  const length = input.length;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const c0 = input.charCodeAt(i);
    const c1 = input.charCodeAt(i + 1);
    const c2 = input.charCodeAt(i + 2);
    const c3 = input.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 0x80) return hashFrom(input, i, h);
    h = mixH(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  const tailStart = i;
  let tail = 0;
  for (let shift = 0; i < length; i++, shift += 8) {
    const code = input.charCodeAt(i);
    if (code >= 0x80) return hashFrom(input, tailStart, h);
    tail |= code << shift;
  }
  if (length & 3) h ^= mixK(tail);
  return finalize(h, length);
}
