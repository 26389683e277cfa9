import { ValidationError } from '@flags/core';
import { Redis as Upstash } from '@upstash/redis';
import { describe, expect, it } from 'vitest';
import { type RedisCommands, RedisStorageBackend, type RedisStorageBackendOptions } from '../src/index.js';
import { hashTagOf } from '../src/options.js';

const commands: RedisCommands = { send: async () => null, close: async () => {} };
const cluster: RedisCommands = { ...commands, cluster: true };

function refusal(options: unknown): ValidationError {
  try {
    new RedisStorageBackend(options as RedisStorageBackendOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('the options were accepted');
}

describe('RedisStorageBackend options', () => {
  it.each([
    ['no client', {}, 'redis', 'RedisStorageBackend.create({ url })'],
    ['both clients', { commands, redis: new Upstash({ url: 'https://x.io', token: 't' }) }, 'redis', 'not both'],
    ['an empty prefix', { commands, prefix: '' }, 'prefix', 'non-empty'],
    ['a negative timeout', { commands, timeoutMs: -1 }, 'timeoutMs', 'whole number'],
    ['a fractional cache size', { commands, flagCacheSize: 1.5 }, 'flagCacheSize', 'whole number'],
    ['a clock that is not a function', { commands, clock: new Date() }, 'clock', 'function'],
    ['a replica wait on a client that cannot wait', { commands, waitForReplicas: 1 }, 'waitForReplicas', 'TCP'],
    ['a Cluster client without a hash-tagged prefix', { commands: cluster }, 'prefix', "prefix: '{flags}:'"],
    ['a Cluster client with an empty hash tag', { commands: cluster, prefix: '{}app:' }, 'prefix', 'hash tag'],
  ])('refuses %s with a ValidationError naming the option and the fix', (_case, options, path, fix) => {
    const error = refusal(options);
    expect(error.issues[0]?.path).toBe(path);
    expect(error.message).toMatch(/^\[@flags\/storage-redis\] invalid options: /);
    expect(error.message).toContain(fix);
  });

  it('accepts a Cluster client with a hash-tagged prefix', () => {
    expect(new RedisStorageBackend({ commands: cluster, prefix: '{flags}:' }).prefix).toBe('{flags}:');
  });

  it('reads hash tags the way Redis Cluster does', () => {
    expect(hashTagOf('{flags}:')).toBe('flags');
    expect(hashTagOf('app:{t1}:')).toBe('t1');
    expect(hashTagOf('{}flags:')).toBeNull();
    expect(hashTagOf('{flags:')).toBeNull();
    expect(hashTagOf('feature_flags:')).toBeNull();
  });
});
