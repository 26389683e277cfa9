import { StorageError, ValidationError } from '@flags/core';
import { describe, expect, it } from 'vitest';
import { maskSecrets, PACKAGE, toStorageError } from '../src/errors.js';

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
