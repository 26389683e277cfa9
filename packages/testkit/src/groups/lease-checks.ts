import { generateId, LeaseLostError, ValidationError } from '@flags/core';
import { expect } from 'vitest';
import { expectRecent, expectRejection } from '../assertions.js';
import type { ConformanceCheck } from '../check.js';
import type { LeasedKind } from '../leased-kinds.js';

const HOUR_MS = 3_600_000;
const SHORT_LEASE_MS = 50;
const EXECUTED_AT = new Date('2031-07-04T12:34:56.789Z');

type LeaseCheckId<P extends string> =
  | `${P}.claim-leases-to-one-owner`
  | `${P}.claim-refuses-missing-or-executed`
  | `${P}.claim-expired-lease-reclaimable`
  | `${P}.mark-executed-once`
  | `${P}.claim-rejects-invalid-arguments`
  | `${P}.mark-rejects-invalid-dates`
  | `${P}.fenced-writes-need-the-lease`;

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
    {
      id: `${prefix}.claim-rejects-invalid-arguments`,
      title: `claiming a ${kind.noun} with an empty owner or a lease of 0, < 0, NaN or Infinity ms is a ValidationError, nothing written`,
      async run(ctx) {
        const record = await kind.seed(ctx);
        const bad: [unknown, unknown][] = [
          ['', HOUR_MS],
          ['owner-a', 0],
          ['owner-a', -1],
          ['owner-a', Number.NaN],
          ['owner-a', Number.POSITIVE_INFINITY],
        ];
        for (const [owner, leaseMs] of bad) {
          await expectRejection(
            kind.claim(ctx.backend, record.id, owner as string, leaseMs as number),
            ValidationError,
            `claim(${JSON.stringify(owner)}, ${String(leaseMs)})`,
          );
        }
        const stored = await kind.find(ctx.backend, record);
        expect(stored?.claimedBy ?? null, 'no claim was written').toBeNull();
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', HOUR_MS), 'a valid claim still works').toBe(true);
      },
    },
    {
      id: `${prefix}.mark-rejects-invalid-dates`,
      title: `marking a ${kind.noun} executed at an invalid Date, a string or a number is a ValidationError, nothing written`,
      async run(ctx) {
        const record = await kind.seed(ctx);
        for (const executedAt of [new Date(Number.NaN), '2031-07-04T12:34:56.789Z', EXECUTED_AT.getTime()]) {
          await expectRejection(
            kind.markExecuted(ctx.backend, record.id, executedAt as Date),
            ValidationError,
            `markExecuted(${String(executedAt)})`,
          );
        }
        expect(await kind.isPending(ctx.backend, record), 'still pending').toBe(true);
      },
    },
    {
      id: `${prefix}.fenced-writes-need-the-lease`,
      title: `writes fenced by a lease on a ${kind.noun} are refused with LeaseLostError once the lease ran out or another owner took it`,
      async run(ctx) {
        const record = await kind.seed(ctx);
        const flag = (await ctx.backend.getAllFlags()).find((f) => f.id === record.flagId);
        expect(flag, 'the seeded flag').toBeDefined();
        const fenceOf = (owner: string) => ({ fence: { kind: kind.fenceKind, id: record.id, owner } });
        expect(await kind.claim(ctx.backend, record.id, 'owner-a', SHORT_LEASE_MS)).toBe(true);
        await ctx.sleep(SHORT_LEASE_MS + 100);
        expect(await kind.claim(ctx.backend, record.id, 'owner-b', HOUR_MS), 'b takes the expired lease').toBe(true);

        const late = { ...flag!, status: 'inactive' as const };
        await expectRejection(ctx.backend.updateFlag(late, fenceOf('owner-a')), LeaseLostError, 'updateFlag by a');
        expect((await ctx.backend.getFlag(flag!.key))?.version, 'a wrote nothing').toBe(flag!.version);
        await expectRejection(
          kind.markExecuted(ctx.backend, record.id, EXECUTED_AT, null, fenceOf('owner-a')),
          LeaseLostError,
          'markExecuted by a',
        );
        expect(await kind.isPending(ctx.backend, record), 'a marked nothing').toBe(true);

        const updated = await ctx.backend.updateFlag({ ...flag!, description: 'by b' }, fenceOf('owner-b'));
        expect(updated.version, 'the holder writes').toBe(flag!.version + 1);
        expect(await kind.markExecuted(ctx.backend, record.id, EXECUTED_AT, null, fenceOf('owner-b'))).toBe(true);
        await expectRejection(
          ctx.backend.updateFlag(updated, fenceOf('owner-b')),
          LeaseLostError,
          'updateFlag under the lease of an executed record',
        );
        await expectRejection(
          ctx.backend.updateFlag(updated, { fence: { kind: kind.fenceKind, id: generateId(), owner: 'owner-b' } }),
          LeaseLostError,
          'updateFlag under a lease on an unknown record',
        );
        expect((await ctx.backend.getFlag(flag!.key))?.version, 'refused writes wrote nothing').toBe(updated.version);
      },
    },
  ];
}
