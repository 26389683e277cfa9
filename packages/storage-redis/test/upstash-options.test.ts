import { ValidationError } from '@flags/core';
import { RedisStorageBackend } from '@flags/storage-redis';
import { describe, expect, it } from 'vitest';

const failure = (options: { url: string; token: string }) =>
  RedisStorageBackend.create(options).then(
    () => new Error('accepted'),
    (caught: unknown) => caught as Error,
  );

describe('RedisStorageBackend.create with Upstash variables unset', () => {
  it('an unset URL names UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN', async () => {
    const error = await failure({ url: undefined as unknown as string, token: '' });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toStrictEqual(['url']);
    expect(error.message).toContain(
      'url: is undefined: for Upstash, set UPSTASH_REDIS_REST_URL (and UPSTASH_REDIS_REST_TOKEN)',
    );
  });

  it('an unset token names UPSTASH_REDIS_REST_TOKEN', async () => {
    const error = await failure({ url: 'https://x.upstash.io', token: '' });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('UPSTASH_REDIS_REST_TOKEN');
  });
});
