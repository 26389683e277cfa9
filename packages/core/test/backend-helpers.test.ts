import { ConflictError, isWellFormedText, LeaseLostError, StorageError, ValidationError } from '@flags/core';
import {
  canClaim,
  closedError,
  holdsLease,
  maskUrl,
  readFence,
  requireDate,
  requireLease,
  requireLeaseArguments,
  requireMarkArguments,
  storableEntities,
  toStorageError,
  urlSecrets,
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

  it('lists the secrets raw, encoded and decoded', () => {
    expect(urlSecrets('postgres://app:p%40ss@db/x?token=t0k')).toEqual(
      expect.arrayContaining(['p%40ss', 'p@ss', 't0k']),
    );
    expect(urlSecrets('./flags.db')).toStrictEqual([]);
  });

  it('builds one StorageError: package, operation, masked target, first line, no secret', () => {
    const url = 'postgres://app:S3cret@db:5432/flags';
    const driver = Object.assign(new Error('password authentication failed for "app" (S3cret)\nSELECT secret rows'), {
      code: '28P01',
    });
    const error = toStorageError(driver, { packageName: '[@flags/x]', operation: 'getFlag "a"', target: url });
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe(
      '[@flags/x] getFlag "a" failed on postgres://app:***@db:5432/flags: password authentication failed for "app" (***) (28P01)',
    );
    expect(error).not.toHaveProperty('cause');
    const ours = new ValidationError([{ path: 'key', message: 'bad' }]);
    expect(toStorageError(ours, { packageName: '[x]', operation: 'y' })).toBe(ours);
    expect(toStorageError('boom tok', { packageName: '[x]', operation: 'y', secrets: ['tok'] }).message).toBe(
      '[x] y failed: boom ***',
    );
  });

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
