import { ConflictError, generateId, LeaseLostError, NotFoundError, ValidationError } from '@flags/core';
import { expect } from 'vitest';
import { expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { recorded } from '../feed-reading.js';
import { overrideInput, rolloutPhaseInput, scheduledChangeInput, seedFlag, segmentInput } from '../fixtures.js';

/** A write the store refuses records nothing in the change feed. */
export const feedRejectedGroup = defineGroup({
  name: 'feed-rejected',
  title: 'change feed: rejected writes record nothing',
  checks: [
    {
      id: 'feed-rejected.validation',
      title: 'writes refused with ValidationError record nothing',
      async run(ctx) {
        const b = ctx.backend;
        const flag = await seedFlag(ctx);
        const id = generateId();
        const changes = await recorded(
          b,
          async () => {
            await expectRejection(b.createFlag({ id, key: 'not a key!', name: 'x' }), ValidationError, 'createFlag');
            await expectRejection(b.updateFlag({ ...flag, name: '' }), ValidationError, 'updateFlag');
            await expectRejection(
              b.upsertOverride(overrideInput(flag.id, { id, entityType: '' })),
              ValidationError,
              'upsertOverride',
            );
            await expectRejection(
              b.createSegment(segmentInput(ctx, { id, name: '' })),
              ValidationError,
              'createSegment',
            );
            await expectRejection(b.claimScheduledChange(id, '', 1000), ValidationError, 'claimScheduledChange');
          },
          () => [flag.id, id],
        );
        expect(changes).toStrictEqual([]);
      },
    },
    {
      id: 'feed-rejected.conflict-and-not-found',
      title: 'writes refused with ConflictError or NotFoundError record nothing',
      async run(ctx) {
        const b = ctx.backend;
        const flag = await seedFlag(ctx);
        const updated = await b.updateFlag({ ...flag, description: 'first' });
        const segment = await b.createSegment(segmentInput(ctx));
        await b.updateSegment({ ...segment, description: 'first' });
        const missingFlagId = generateId();
        const changes = await recorded(
          b,
          async () => {
            await expectRejection(b.updateFlag({ ...flag, description: 'stale' }), ConflictError, 'stale updateFlag');
            await expectRejection(b.createFlag({ key: flag.key, name: 'again' }), ConflictError, 'taken key');
            await expectRejection(
              b.updateSegment({ ...segment, description: 'stale' }),
              ConflictError,
              'stale segment',
            );
            await expectRejection(
              b.upsertOverride(overrideInput(missingFlagId)),
              NotFoundError,
              'override of a missing flag',
            );
            await expectRejection(
              b.createRolloutPhase(rolloutPhaseInput(missingFlagId, 1)),
              NotFoundError,
              'phase of a missing flag',
            );
          },
          () => [flag.id, updated.id, segment.id, missingFlagId],
        );
        expect(changes).toStrictEqual([]);
      },
    },
    {
      id: 'feed-rejected.lease-lost',
      title: 'fenced writes refused with LeaseLostError record nothing',
      async run(ctx) {
        const b = ctx.backend;
        const flag = await seedFlag(ctx);
        const change = await b.createScheduledChange(scheduledChangeInput(flag.id));
        expect(await b.claimScheduledChange(change.id, 'holder', 60_000)).toBe(true);
        const fence = { fence: { kind: 'scheduled_change', id: change.id, owner: 'not-the-holder' } } as const;
        const changes = await recorded(
          b,
          async () => {
            await expectRejection(
              b.updateFlag({ ...flag, description: 'fenced' }, fence),
              LeaseLostError,
              'updateFlag',
            );
            await expectRejection(
              b.markScheduledChangeExecuted(change.id, new Date(), null, fence),
              LeaseLostError,
              'markScheduledChangeExecuted',
            );
          },
          () => [flag.id, change.id],
        );
        expect(changes).toStrictEqual([]);
      },
    },
  ],
});
