import { copyFlag, createFlag, DecodedModelCache, decodeModel, encodeModel, type FeatureFlag } from '@flags/core';
import { describe, expect, it } from 'vitest';

const textOf = (name: string) =>
  encodeModel(createFlag({ key: 'k', name, metadata: JSON.parse('{"__proto__": {"polluted": true}, "l": [1]}') }));

/** A cache of flags whose decoder counts its calls. */
function countingCache(capacity?: number) {
  const counter = { decodes: 0 };
  const cache = new DecodedModelCache<FeatureFlag>({
    decode: (text) => {
      counter.decodes++;
      return decodeModel('flag', text);
    },
    copy: copyFlag,
    capacity,
  });
  return { cache, counter };
}

describe('DecodedModelCache', () => {
  it('decodes an unchanged text once and hands out equal, independent copies', () => {
    const { cache, counter } = countingCache();
    const text = textOf('one');
    const first = cache.read('k', text);
    const second = cache.read('k', `${text}`);
    expect(counter.decodes).toBe(1);
    expect(second).toStrictEqual(decodeModel('flag', text));
    expect(second).not.toBe(first);
    (first.metadata.l as number[]).push(2);
    first.createdAt.setTime(0);
    expect(cache.read('k', text)).toStrictEqual(decodeModel('flag', text));
  });

  it('decodes again when the text of a key changes, and remembers the new text', () => {
    const { cache, counter } = countingCache();
    const two = textOf('two');
    cache.read('k', textOf('one'));
    expect(cache.read('k', two).name).toBe('two');
    expect(cache.read('k', two).name).toBe('two');
    expect(counter.decodes).toBe(2);
  });

  it('keeps "__proto__" an own key in cached copies', () => {
    const { cache, counter } = countingCache();
    const text = textOf('one');
    cache.read('k', text);
    const copy = cache.read('k', text);
    expect(counter.decodes).toBe(1);
    expect(Object.keys(copy.metadata)).toContain('__proto__');
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
  });

  it('with capacity 0 decodes every read', () => {
    const { cache, counter } = countingCache(0);
    const text = textOf('one');
    expect(cache.read('k', text)).not.toBe(cache.read('k', text));
    expect(counter.decodes).toBe(2);
  });

  it('stays bounded: a full cache drops the least recently read key', () => {
    const { cache, counter } = countingCache(2);
    const text = textOf('one');
    cache.read('a', text);
    cache.read('b', text);
    cache.read('a', text);
    cache.read('c', text); // full: forgets b, read least recently
    cache.read('c', text);
    cache.read('a', text);
    expect(counter.decodes).toBe(3);
    cache.read('b', text);
    expect(counter.decodes).toBe(4);
  });

  it('passes a decode error on and caches nothing for it', () => {
    const { cache, counter } = countingCache();
    expect(() => cache.read('k', '{not json')).toThrow(SyntaxError);
    expect(() => cache.read('k', '{not json')).toThrow(SyntaxError);
    expect(counter.decodes).toBe(2);
  });
});
