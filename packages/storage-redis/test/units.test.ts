import { StorageError, ValidationError } from '@flags/core';
import { describe, expect, it } from 'vitest';
import { PACKAGE, toStorageError } from '../src/errors.js';

describe('toStorageError', () => {
  it('prefixes the package, names the action and drops the command @upstash/redis appends', () => {
    const error = toStorageError(new Error('WRONGTYPE nope, command was: ["SET","k","secret data"]'), 'writing');
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe(`${PACKAGE} writing failed: WRONGTYPE nope`);
  });

  it('masks credentials by where the message puts them, leaving the words around them intact', () => {
    const error = toStorageError(
      new Error('connect redis://default:redis@redis:6379 for @upstash/redis failed; Authorization: Bearer redis'),
      'reading',
    );
    expect(error.message).toBe(
      `${PACKAGE} reading failed: connect redis://default:***@redis:6379 for @upstash/redis failed; Authorization: Bearer ***`,
    );
  });

  it('passes errors of @flags through unchanged', () => {
    const validation = new ValidationError([{ path: 'key', message: 'bad' }]);
    expect(toStorageError(validation, 'x')).toBe(validation);
  });
});
