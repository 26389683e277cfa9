import { createStorage } from '@flags/storage-drizzle/sqlite';
import { describe, expect, it } from 'vitest';

/** A clock the test moves by hand. */
function manualClock(start = Date.UTC(2030, 0, 1)) {
  let now = start;
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the clock option is the only time the backend uses', () => {
  it('stamps writes, times leases and expires overrides by the given clock', async () => {
    const { clock, advance } = manualClock();
    const backend = await createStorage({ url: ':memory:', createTables: true, clock });
    try {
      const flag = await backend.createFlag({ key: 'timed' });
      expect(flag.createdAt.getTime()).toBe(clock().getTime());

      const change = await backend.createScheduledChange({
        flagId: flag.id,
        changeType: 'enable',
        scheduledAt: clock(),
      });
      expect(await backend.claimScheduledChange(change.id, 'a', 60_000)).toBe(true);
      const [claimed] = await backend.getScheduledChanges();
      expect(claimed?.claimExpiresAt?.getTime()).toBe(clock().getTime() + 60_000);
      advance(59_999);
      expect(await backend.claimScheduledChange(change.id, 'b', 60_000)).toBe(false);
      advance(1);
      expect(await backend.claimScheduledChange(change.id, 'b', 60_000)).toBe(true);

      await backend.upsertOverride({
        flagId: flag.id,
        entityType: 'user',
        entityId: 'u1',
        expiresAt: new Date(clock().getTime() + 1_000),
      });
      expect(await backend.getOverride(flag.id, 'user', 'u1')).not.toBeNull();
      advance(1_000);
      expect(await backend.getOverride(flag.id, 'user', 'u1')).toBeNull();
      expect(await backend.listOverrides(flag.id)).toStrictEqual([]);
    } finally {
      await backend.close();
    }
  });
});
