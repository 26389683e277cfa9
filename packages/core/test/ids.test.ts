import { generateId } from '@flags/core';
import { describe, expect, it, vi } from 'vitest';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function timestampOf(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('generateId', () => {
  it('returns a UUID v7 (version nibble 7, RFC 9562 variant)', () => {
    for (let i = 0; i < 100; i++) expect(generateId()).toMatch(UUID_V7);
  });

  it('carries the current Unix-ms timestamp in its first 48 bits', () => {
    const before = Date.now();
    const id = generateId();
    const after = Date.now();
    expect(timestampOf(id)).toBeGreaterThanOrEqual(before);
    expect(timestampOf(id)).toBeLessThanOrEqual(after + 1);
  });

  it('is unique and sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => generateId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('uses crypto randomness: two ids of one millisecond differ in their random tail', () => {
    const a = generateId();
    const b = generateId();
    expect(a.slice(19)).not.toBe(b.slice(19));
  });

  // These two move the generator's clock ahead, so they run last.
  it('stays sortable when the counter of one millisecond overflows', () => {
    const frozen = Date.now() + 60_000;
    vi.spyOn(Date, 'now').mockReturnValue(frozen);
    try {
      const ids = Array.from({ length: 10_000 }, () => generateId());
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
      expect(timestampOf(ids[0] as string)).toBe(frozen);
      expect(timestampOf(ids.at(-1) as string)).toBeGreaterThan(frozen);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('stays sortable when the clock steps backwards', () => {
    const first = generateId();
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 3_600_000);
    try {
      const second = generateId();
      expect(second > first).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
