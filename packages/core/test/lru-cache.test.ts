import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruCache } from '../src/index.js';

describe('LruCache', () => {
  it('drops the least recently used entry (read or written) when a new key arrives full', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
    cache.set('a', 10);
    cache.set('d', 4);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('a')).toBe(10);
  });

  it('deletes, clears and keeps nothing at size 0; a bad size is a RangeError', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    cache.set('b', 2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('b')).toBeUndefined();
    const none = new LruCache<string, number>(0);
    none.set('a', 1);
    expect(none.size).toBe(0);
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => new LruCache(bad)).toThrow(RangeError);
  });

  it('behaves like a reference model of recency on any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 7 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 7 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (maxSize, ops) => {
        const cache = new LruCache<number, number>(maxSize);
        // The model: keys in recency order, least recent first.
        let order: [number, number][] = [];
        for (const o of ops) {
          const at = order.findIndex(([k]) => k === o.key);
          if (o.kind === 'get') {
            const expected = at < 0 ? undefined : order[at]![1];
            if (at >= 0) order = [...order.filter((_, i) => i !== at), order[at]!];
            expect(cache.get(o.key)).toBe(expected);
          } else if (o.kind === 'set') {
            if (at >= 0) order.splice(at, 1);
            else if (order.length >= maxSize) order.shift();
            order.push([o.key, o.value]);
            cache.set(o.key, o.value);
          } else {
            if (at >= 0) order.splice(at, 1);
            expect(cache.delete(o.key)).toBe(at >= 0);
          }
          expect(cache.size).toBe(order.length);
        }
      }),
    );
  });
});
