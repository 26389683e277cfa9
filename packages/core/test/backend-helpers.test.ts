import { ConflictError, isWellFormedText, LeaseLostError, StorageError, ValidationError } from '@flags/core';
import {
  canClaim,
  closedError,
  holdsLease,
  maskSecrets,
  maskUrl,
  readFence,
  requireDate,
  requireLease,
  requireLeaseArguments,
  requireMarkArguments,
  storableEntities,
  toStorageError,
  withDeadline,
} from '@flags/core/backend';
import { describe, expect, it } from 'vitest';

const NOW = new Date('2030-01-01T00:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('lease arguments', () => {
  it.each([
    ['', 1000, 'owner'],
    [42, 1000, 'owner'],
    ['x'.repeat(256), 1000, 'owner'],
    ['a', 0, 'leaseMs'],
    ['a', -1, 'leaseMs'],
    ['a', Number.NaN, 'leaseMs'],
    ['a', Number.POSITIVE_INFINITY, 'leaseMs'],
    ['a', '1000', 'leaseMs'],
  ])('owner %j, leaseMs %j → ValidationError on %s', (owner, leaseMs, path) => {
    const error = (() => {
      try {
        requireLeaseArguments(owner, leaseMs, 'scheduled change');
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe(path);
  });

  it('accepts a non-empty owner and a positive lease', () => {
    expect(() => requireLeaseArguments('x'.repeat(255), 1, 'rollout phase')).not.toThrow();
  });

  it('rejects invalid and out-of-range dates, copies valid ones', () => {
    for (const bad of [new Date(Number.NaN), '2030-01-01', 0, new Date('+010000-01-01T00:00:00Z'), new Date(-1)]) {
      expect(() => requireDate(bad, 'executedAt', 'scheduled change'), String(bad)).toThrow(ValidationError);
    }
    const copy = requireDate(NOW, 'executedAt', 'scheduled change');
    expect(copy).toStrictEqual(NOW);
    expect(copy).not.toBe(NOW);
    expect(() => requireMarkArguments(NOW, 42, 'x')).toThrow(/outcome/);
    expect(requireMarkArguments(NOW, undefined, 'x')).toStrictEqual({ executedAt: NOW, outcome: null });
  });
});

describe('claim and fence rules', () => {
  const pending = { executed: false, claimedBy: null, claimExpiresAt: null };
  const heldByA = { executed: false, claimedBy: 'a', claimExpiresAt: later(1000) };
  const expiredA = { executed: false, claimedBy: 'a', claimExpiresAt: later(0) };

  it('claims: free, own, or expired; never executed or missing', () => {
    expect(canClaim(pending, 'b', NOW)).toBe(true);
    expect(canClaim(heldByA, 'a', NOW)).toBe(true);
    expect(canClaim(heldByA, 'b', NOW)).toBe(false);
    expect(canClaim(expiredA, 'b', NOW)).toBe(true);
    expect(canClaim({ ...pending, executed: true }, 'a', NOW)).toBe(false);
    expect(canClaim(null, 'a', NOW)).toBe(false);
  });

  it('fences: only the holder of an unexpired lease on a pending record', () => {
    expect(holdsLease(heldByA, 'a', NOW)).toBe(true);
    expect(holdsLease(heldByA, 'b', NOW)).toBe(false);
    expect(holdsLease(expiredA, 'a', NOW)).toBe(false);
    expect(holdsLease({ ...heldByA, executed: true }, 'a', NOW)).toBe(false);
    expect(holdsLease(undefined, 'a', NOW)).toBe(false);
    const fence = { kind: 'scheduled_change', id: 'c1', owner: 'a' } as const;
    const lost = (() => {
      try {
        requireLease('[pkg]', expiredA, fence, NOW);
      } catch (error) {
        return error;
      }
    })();
    expect(lost).toBeInstanceOf(LeaseLostError);
    expect(lost).toBeInstanceOf(ConflictError);
    expect((lost as Error).message).toMatch(/^\[pkg\] the lease of "a" on scheduled change "c1" is no longer held/);
  });

  it('reads a fence, rejecting malformed ones', () => {
    expect(readFence(undefined, 'flag')).toBeUndefined();
    expect(readFence({}, 'flag')).toBeUndefined();
    expect(readFence({ fence: { kind: 'rollout_phase', id: 'p', owner: 'o' } }, 'flag')).toStrictEqual({
      kind: 'rollout_phase',
      id: 'p',
      owner: 'o',
    });
    // @ts-expect-error a kind that does not exist
    expect(() => readFence({ fence: { kind: 'flag', id: 'p', owner: 'o' } }, 'flag')).toThrow(/fence\.kind/);
    expect(() => readFence({ fence: { kind: 'rollout_phase', id: 'p', owner: '' } }, 'flag')).toThrow(/fence\.owner/);
  });
});

describe('secret masking by URL parts', () => {
  it('masks the password and credential parameters, keeps the rest', () => {
    expect(maskUrl('postgres://app:S3cret@db.internal:5432/flags?sslmode=require&sslpassword=k3y')).toBe(
      'postgres://app:***@db.internal:5432/flags?sslmode=require&sslpassword=***',
    );
    expect(maskUrl('rediss://default:tok@eu1.upstash.io:6379?_token=abc&db=2')).toBe(
      'rediss://default:***@eu1.upstash.io:6379?_token=***&db=2',
    );
    expect(maskUrl('./data/flags.db')).toBe('./data/flags.db');
    expect(maskUrl('sqlite:./flags.db')).toBe('sqlite:./flags.db');
  });

  it('masks the user-info of a URL that does not parse as a server URL', () => {
    const masked = maskUrl('postgres:app:S3cretPW@db.internal');
    expect(masked).not.toContain('S3cretPW');
    expect(masked).toBe('postgres:***@db.internal');
  });

  it('does not mask a value because it looks like a password elsewhere (parts, not substrings)', () => {
    // "pw" is the user name here, not a secret; and a path segment named "password" is no credential.
    expect(maskUrl('mysql://pw@db/password')).toBe('mysql://pw@db/password');
  });

  it('masks up to the last @ when a raw ? or # in the password cut the userinfo short', () => {
    expect(maskUrl('postgres://app:12?x@db:5432/flags')).toBe('postgres://app:***@db:5432/flags');
    expect(maskUrl('redis://:a#b@db:6379')).toBe('redis://:***@db:6379');
  });

  it('leaves a URL with nothing to mask exactly as written', () => {
    expect(maskUrl('https://eu1-flags.upstash.io')).toBe('https://eu1-flags.upstash.io');
    expect(maskUrl('postgres://app@db:5432/flags')).toBe('postgres://app@db:5432/flags');
  });

  it('builds one StorageError: package, operation, masked target, first line, no secret', () => {
    const url = 'postgres://app:S3cret@db:5432/flags';
    const driver = Object.assign(
      new Error('connect postgres://app:S3cret@db:5432/flags failed: password "S3cret" rejected\nSELECT secret rows'),
      { code: '28P01' },
    );
    const error = toStorageError(driver, { packageName: '[@flags/x]', operation: 'getFlag "a"', target: url });
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe(
      '[@flags/x] getFlag "a" failed on postgres://app:***@db:5432/flags: connect postgres://app:***@db:5432/flags failed: password "***" rejected (28P01)',
    );
    expect(error).not.toHaveProperty('cause');
    const ours = new ValidationError([{ path: 'key', message: 'bad' }]);
    expect(toStorageError(ours, { packageName: '[x]', operation: 'y' })).toBe(ours);
  });

  it('masks by where the text puts a secret, so a secret that is a common word leaves the rest intact', () => {
    // The password is "postgres" and the token "redis": substring masking would mangle the scheme,
    // the user, the host and the package name; masking by position touches only the credentials.
    const url = 'postgres://postgres:postgres@postgres:5432/postgres';
    const error = toStorageError(new Error('database "postgres" does not exist at @upstash/redis token=redis'), {
      packageName: '[@flags/storage-redis]',
      operation: 'connecting to postgres',
      target: url,
    });
    expect(error.message).toBe(
      '[@flags/storage-redis] connecting to postgres failed on postgres://postgres:***@postgres:5432/postgres: database "postgres" does not exist at @upstash/redis token=***',
    );
  });
});

describe('maskSecrets', () => {
  it.each([
    // URLs in the text, by their parsed parts
    ['connect redis://user:hunter2@db:6379 failed', 'connect redis://user:***@db:6379 failed'],
    ['GET https://eu1.upstash.io/get/k?_token=abc&x=1: 401', 'GET https://eu1.upstash.io/get/k?_token=***&x=1: 401'],
    ['(postgres://app:p%40ss@db/flags).', '(postgres://app:***@db/flags).'],
    ['to redis+sentinel://:pw@h1:26379,h2:26379/main', 'to redis+sentinel://:***@h1:26379,h2:26379/main'],
    ['mysql://root@db:3306/flags unreachable', 'mysql://root@db:3306/flags unreachable'],
    // credentials outside URLs, by where the text puts them
    ['Authorization: Bearer abc.DEF-123; next', 'Authorization: Bearer ***; next'],
    ['authorization: Basic dXNlcjpwYXNz', 'authorization: Basic ***'],
    ['header bearer tok_1 sent', 'header bearer *** sent'],
    ['password=hunter2 user=app', 'password=*** user=app'],
    ['sslpassword=k3y&sslmode=require', 'sslpassword=***&sslmode=require'],
    ['{"token":"t0k","db":2}', '{"token":"***","db":2}'],
    ["auth failed for password 'p w'", "auth failed for password '***'"],
    ['api_key:abc123, retry', 'api_key:***, retry'],
    ['{"password": "p w", "user": "app"}', '{"password": "***", "user": "app"}'],
    ['client_secret = "s"', 'client_secret = "***"'],
    // no credential: nothing changes
    [
      "Access denied for user 'root'@'localhost' (using password: YES)",
      "Access denied for user 'root'@'localhost' (using password: YES)",
    ],
    ['password authentication failed for user "redis"', 'password authentication failed for user "redis"'],
    ['the token was rejected by @upstash/redis', 'the token was rejected by @upstash/redis'],
    [
      'WRONGPASS invalid username-password pair or user is disabled.',
      'WRONGPASS invalid username-password pair or user is disabled.',
    ],
    ['flag key "checkout" is not valid', 'flag key "checkout" is not valid'],
    // a field and its rule, as validation messages put them
    ['token: an https:// URL needs its token: pass `token`', 'token: an https:// URL needs its token: pass `token`'],
    ['password: must be a string', 'password: must be a string'],
  ])('%s', (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });

  it('is idempotent', () => {
    const once = maskSecrets('redis://u:pw@h:1 password=pw Bearer pw');
    expect(maskSecrets(once)).toBe(once);
  });
});

describe('closed error', () => {
  it('names close in the closed error', () => {
    expect(closedError('[@flags/x]')).toBeInstanceOf(StorageError);
    expect(closedError('[@flags/x]').message).toMatch(/^\[@flags\/x\] the backend is closed/);
  });
});

describe('deadline', () => {
  it('rejects with the given error once the time is up, passes results through otherwise', async () => {
    const never = new Promise<number>(() => undefined);
    await expect(withDeadline(never, 10, () => new StorageError('late'))).rejects.toThrow('late');
    await expect(withDeadline(Promise.resolve(1), 10, () => new Error('x'))).resolves.toBe(1);
    await expect(withDeadline(Promise.reject(new Error('own')), 10, () => new Error('x'))).rejects.toThrow('own');
    const slow = new Promise<number>((resolve) => setTimeout(() => resolve(2), 20));
    await expect(withDeadline(slow, 0, () => new Error('x'))).resolves.toBe(2);
  });
});

describe('storable text and entities', () => {
  it('refuses NUL and lone surrogates, accepts pairs', () => {
    expect(isWellFormedText('a😀b')).toBe(true);
    expect(isWellFormedText('a\u0000')).toBe(false);
    expect(isWellFormedText('x\uD800')).toBe(false);
    expect(isWellFormedText('x\uDFFF')).toBe(false);
    expect(isWellFormedText('\uDFFF\uD800')).toBe(false);
  });

  it('keeps only entities an override could exist for', () => {
    const ok = { entityType: 'user', entityId: 'alice' };
    expect(storableEntities([ok])).toStrictEqual([ok]);
    expect(
      storableEntities([
        ok,
        { entityType: 'user', entityId: 'a\u0000' },
        { entityType: 'user', entityId: 'x\uD800' },
        { entityType: 'user', entityId: 'x'.repeat(256) },
        { entityType: 't'.repeat(65), entityId: 'x' },
      ]),
    ).toStrictEqual([ok]);
  });
});
