import { generateId } from '@flags/core';
import { expect } from 'vitest';
import { expectRecent } from '../assertions.js';
import type { ConformanceCheck } from '../check.js';
import type { LeasedKind } from '../leased-kinds.js';

const HOUR_MS = 3_600_000;
const SHORT_LEASE_MS = 50;
const EXECUTED_AT = new Date('2031-07-04T12:34:56.789Z');

type LeaseCheckId<P extends string> =
  | `${P}.claim-leases-to-one-owner`
  | `${P}.claim-refuses-missing-or-executed`
  | `${P}.claim-expired-lease-reclaimable`
  | `${P}.mark-executed-once`;

/** The claim and mark-executed checks of one leased kind, with ids under `prefix` (the group's name). */
export function leaseChecks<const P extends string>(prefix: P, kind: LeasedKind): ConformanceCheck<LeaseCheckId<P>>[] {
  return [
    {
      id: `${prefix}.claim-leases-to-one-owner`,
      title: `claiming a pending ${kind.noun} leases it to that owner: others get false, the owner may renew`,
      async run(ctx) {
        const record = await kind.seed(ctx);
        const before = new Date();
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', HOUR_MS), 'first claim').toBe(true);
        const after = new Date();
        const claimed = await kind.find(ctx.backend, record);
        expect(claimed?.claimedBy).toBe('owner-a');
        expectRecent(
          new Date((claimed?.claimExpiresAt?.getTime() ?? 0) - HOUR_MS),
          before,
          after,
          'claimExpiresAt minus the lease',
        );
        expect(await kind.claim(ctx.backend, record.id, 'owner-b', HOUR_MS), 'claim by another owner').toBe(false);
        expect((await kind.find(ctx.backend, record))?.claimedBy).toBe('owner-a');
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', HOUR_MS), 'renewal by the holder').toBe(true);
        expect(await kind.isPending(ctx.backend, record), 'a claimed record is still pending').toBe(true);
      },
    },
    {
      id: `${prefix}.claim-refuses-missing-or-executed`,
      title: `claiming an unknown or executed ${kind.noun} returns false`,
      async run(ctx) {
        expect(await kind.claim(ctx.backend, generateId(), 'owner-a', HOUR_MS), 'unknown id').toBe(false);
        const record = await kind.seed(ctx);
        expect(await kind.markExecuted(ctx.backend, record.id, new Date())).toBe(true);
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', HOUR_MS), 'executed').toBe(false);
      },
    },
    {
      id: `${prefix}.claim-expired-lease-reclaimable`,
      title: `once a lease on a ${kind.noun} runs out, another owner can claim it`,
      async run(ctx) {
        const record = await kind.seed(ctx);
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', SHORT_LEASE_MS)).toBe(true);
        await ctx.sleep(SHORT_LEASE_MS + 100);
        expect(await kind.claim(ctx.backend, record.id, 'owner-b', HOUR_MS), 'claim after the lease ran out').toBe(
          true,
        );
        expect((await kind.find(ctx.backend, record))?.claimedBy).toBe('owner-b');
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', HOUR_MS), 'the old owner lost it').toBe(false);
      },
    },
    {
      id: `${prefix}.mark-executed-once`,
      title: `marking a ${kind.noun} executed returns true once, records executedAt and outcome, and ends pending`,
      async run(ctx) {
        const record = await kind.seed(ctx);
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', HOUR_MS)).toBe(true);
        const outcome = 'skipped: flag archived';
        expect(await kind.markExecuted(ctx.backend, record.id, EXECUTED_AT, outcome), 'first mark').toBe(true);
        const executed = await kind.find(ctx.backend, record);
        expect(executed).toMatchObject({ executed: true, outcome });
        expect(executed?.executedAt?.getTime(), 'executedAt to the ms').toBe(EXECUTED_AT.getTime());
        expect(await kind.isPending(ctx.backend, record), 'no longer pending').toBe(false);
        expect(await kind.markExecuted(ctx.backend, record.id, new Date(), 'again'), 'second mark').toBe(false);
        expect(await kind.find(ctx.backend, record), 'the second mark changed nothing').toStrictEqual(executed);
        expect(await kind.markExecuted(ctx.backend, generateId(), new Date()), 'unknown id').toBe(false);
        const plain = await kind.seed(ctx);
        expect(await kind.markExecuted(ctx.backend, plain.id, EXECUTED_AT)).toBe(true);
        expect((await kind.find(ctx.backend, plain))?.outcome, 'outcome defaults to null').toBeNull();
      },
    },
  ];
}
