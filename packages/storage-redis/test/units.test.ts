import { decodeModel, StorageError, ValidationError } from '@flags/core';
import { describe, expect, it } from 'vitest';
import { maskSecrets, PACKAGE, toStorageError } from '../src/errors.js';
import { FlagCache } from '../src/store/flag-cache.js';

describe('maskSecrets', () => {
  it('masks given secrets, URL passwords, bearer tokens and _token parameters', () => {
    const text =
      'connect redis://user:hunter2@db:6379 failed; Authorization: Bearer abc.DEF-123; url?_token=zzz&x=1; pw s3cr3t';
    const masked = maskSecrets(text, ['s3cr3t']);
    for (const secret of ['hunter2', 'abc.DEF-123', 'zzz', 's3cr3t']) expect(masked).not.toContain(secret);
    expect(masked).toBe(
      'connect redis://user:***@db:6379 failed; Authorization: Bearer ***; url?_token=***&x=1; pw ***',
    );
  });
});

describe('toStorageError', () => {
  it('prefixes the package, names the action and drops the command @upstash/redis appends', () => {
    const error = toStorageError(new Error('WRONGTYPE nope, command was: ["SET","k","secret data"]'), 'writing');
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe(`${PACKAGE} writing failed: WRONGTYPE nope`);
  });

  it('passes errors of @flags through unchanged', () => {
    const validation = new ValidationError([{ path: 'key', message: 'bad' }]);
    expect(toStorageError(validation, 'x')).toBe(validation);
  });
});

describe('FlagCache', () => {
  const text = JSON.stringify({
    key: 'k',
    metadata: { ['__proto__']: { polluted: true }, list: [1, { a: 'b' }] },
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    timeSchedules: [],
  });
  const decode = (t: string) => decodeModel('flag', t);

  it('hands out equal, independent copies, the same as a fresh decode', () => {
    const cache = new FlagCache(10);
    const first = cache.decode('k', text, decode);
    const second = cache.decode('k', text, decode);
    expect(second).toStrictEqual(decode(text));
    expect(second).not.toBe(first);
    (first.metadata.list as unknown[]).push('mutated');
    first.createdAt.setTime(0);
    expect(cache.decode('k', text, decode)).toStrictEqual(decode(text));
  });

  it('keeps "__proto__" an own key, never a prototype', () => {
    const cache = new FlagCache(10);
    cache.decode('k', text, decode);
    const copy = cache.decode('k', text, decode);
    expect(Object.keys(copy.metadata)).toContain('__proto__');
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect((copy.metadata as Record<string, unknown>).polluted).toBeUndefined();
  });
});
