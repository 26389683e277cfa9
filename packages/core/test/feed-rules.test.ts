import type { StorageChange } from '@flags/core';
import { answerChanges, changesFrom, feedStart } from '@flags/core/backend';
import { describe, expect, it } from 'vitest';

const change = (revision: number): StorageChange => ({ revision, kind: 'flag', id: `f${revision}`, op: 'upsert' });

describe('feedStart', () => {
  it('is the time in microseconds, an integer, and moves on with the clock', () => {
    expect(feedStart(1_765_000_000_123.25)).toBe(1_765_000_000_123_250);
    const first = feedStart();
    expect(Number.isSafeInteger(first)).toBe(true);
    expect(first).toBeGreaterThanOrEqual(Date.now() * 1000 - 1_000_000);
    expect(feedStart(Date.UTC(2255, 0, 1))).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });
});

describe('answerChanges', () => {
  const head = 1_000_010;
  const floor = 1_000_005;
  const kept = [1_000_006, 1_000_007, 1_000_008, 1_000_009, 1_000_010].map(change);

  it('answers reset below the floor and beyond the head, with the head', () => {
    for (const since of [0, 5, floor - 1, head + 1, Number.MAX_SAFE_INTEGER]) {
      expect(answerChanges(since, 10, head, floor, [])).toStrictEqual({ revision: head, reset: true });
    }
  });

  it('hands out the changes after since, the head when the page is not full, else the last change', () => {
    expect(answerChanges(floor, 10, head, floor, kept)).toStrictEqual({ revision: head, changes: kept });
    expect(answerChanges(floor, 2, head, floor, kept)).toStrictEqual({
      revision: 1_000_007,
      changes: kept.slice(0, 2),
    });
    expect(answerChanges(head, 10, head, floor, [])).toStrictEqual({ revision: head, changes: [] });
    expect(answerChanges(null, 10, head, floor, kept)).toStrictEqual({ revision: head, changes: kept });
  });

  it('reads revision 0 from the start of a feed that still keeps its first change, and only then', () => {
    expect(changesFrom(0, floor, floor)).toBe(floor);
    expect(answerChanges(0, 10, head, floor, kept, floor)).toStrictEqual({ revision: head, changes: kept });
    // Trimmed since the start: a reader at 0 may have missed changes.
    expect(answerChanges(0, 10, head, floor, kept, floor - 3)).toStrictEqual({ revision: head, reset: true });
    // Start unknown: 0 is below the floor.
    expect(answerChanges(0, 10, head, floor, kept, null)).toStrictEqual({ revision: head, reset: true });
    // A store that never recorded a change: head and floor 0.
    expect(answerChanges(0, 10, 0, 0, [])).toStrictEqual({ revision: 0, changes: [] });
  });
});
