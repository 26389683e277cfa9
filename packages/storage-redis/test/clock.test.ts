import { describe, expect, it } from 'vitest';
import { RedisStorageBackend } from '../src/index.js';
import { CLIENTS, useTestClients } from './support/clients.js';

const env = useTestClients();

/** A clock the test moves by hand, far from the real time so a use of the real clock shows. */
function manualClock(start: string): { clock: () => Date; advance: (ms: number) => void } {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe.each(CLIENTS)('the clock option (%s)', (kind) => {
  function open(label: string, clock: () => Date): RedisStorageBackend {
    return new RedisStorageBackend({ commands: env.commands(kind), prefix: env.prefixOf(`${label}-${kind}`), clock });
  }

  it('stamps createdAt and updatedAt from the clock', async () => {
    const time = manualClock('2031-03-04T05:06:07.089Z');
    const backend = open('stamps', time.clock);
    const flag = await backend.createFlag({ key: 'clocked' });
    expect(flag.createdAt.toISOString()).toBe('2031-03-04T05:06:07.089Z');
    time.advance(60_000);
    const updated = await backend.updateFlag({ ...flag, name: 'renamed' });
    expect(updated.createdAt.toISOString()).toBe('2031-03-04T05:06:07.089Z');
    expect(updated.updatedAt.toISOString()).toBe('2031-03-04T05:07:07.089Z');
  });

  it('starts and ends leases by the clock', async () => {
    const time = manualClock('2031-01-01T00:00:00Z');
    const backend = open('leases', time.clock);
    const flag = await backend.createFlag({ key: 'leased' });
    const change = await backend.createScheduledChange({
      flagId: flag.id,
      changeType: 'disable',
      scheduledAt: new Date('2031-01-01T00:00:00Z'),
    });
    expect(await backend.claimScheduledChange(change.id, 'a', 10_000)).toBe(true);
    const [claimed] = await backend.getScheduledChanges({ flagId: flag.id });
    expect(claimed?.claimExpiresAt?.toISOString()).toBe('2031-01-01T00:00:10.000Z');
    time.advance(9_999);
    expect(await backend.claimScheduledChange(change.id, 'b', 10_000)).toBe(false);
    time.advance(2);
    expect(await backend.claimScheduledChange(change.id, 'b', 10_000)).toBe(true);
  });

  it('expires overrides by the clock, and gives them a Redis TTL reckoned from it', async () => {
    const time = manualClock('2020-06-01T00:00:00Z');
    const backend = open('expiry', time.clock);
    const flag = await backend.createFlag({ key: 'expiring' });
    const expiresAt = new Date('2020-06-01T00:01:00Z');
    await backend.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u1', expiresAt });
    // By the real clock this override expired years ago; by the backend's it has a minute left.
    const ttl = await env.redis.pttl(`${backend.prefix}override:${flag.id}:user:u1`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await backend.getOverride(flag.id, 'user', 'u1')).not.toBeNull();
    time.advance(60_001);
    expect(await backend.getOverride(flag.id, 'user', 'u1')).toBeNull();
    expect(await backend.listOverrides(flag.id)).toEqual([]);
  });
});
