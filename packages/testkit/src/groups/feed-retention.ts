import { generateId, ValidationError } from '@flags/core';
import { expect } from 'vitest';
import { expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { changesSince, headRevision } from '../feed-reading.js';

/** The feed keeps what `feedRetention` says, and answers `reset` to a reader who asks from before that. */
export const feedRetentionGroup = defineGroup({
  name: 'feed-retention',
  title: 'change feed: retention and reset',
  checks: [
    {
      id: 'feed-retention.reset-after-max-changes',
      title:
        'a reader asking from before the oldest change kept (feedRetention.maxChanges) gets reset, with the current revision',
      async run(ctx) {
        const small = await ctx.reopenWithFeedRetention({ maxChanges: 3 });
        const before = await headRevision(small);
        for (let i = 0; i < 6; i++) await small.createFlag({ id: generateId(), key: ctx.unique('kept'), name: 'kept' });
        const head = await headRevision(small);
        const batch = await small.getChanges(before);
        expect(batch).toStrictEqual({ revision: head, reset: true });
        // From the head on, the feed goes on as usual.
        const id = generateId();
        await small.createFlag({ id, key: ctx.unique('after'), name: 'after' });
        const { changes } = await changesSince(small, head);
        expect(changes.map((c) => c.id)).toContain(id);
      },
    },
    {
      id: 'feed-retention.reset-after-max-age',
      title: 'a reader asking from before changes older than feedRetention.maxAgeMs gets reset',
      async run(ctx) {
        const short = await ctx.reopenWithFeedRetention({ maxAgeMs: 200 });
        const before = await headRevision(short);
        await short.createFlag({ id: generateId(), key: ctx.unique('aged'), name: 'aged' });
        await ctx.sleep(400);
        await short.createFlag({ id: generateId(), key: ctx.unique('fresh'), name: 'fresh' });
        const batch = await short.getChanges(before);
        expect(batch.reset).toBe(true);
      },
    },
    {
      id: 'feed-retention.null-reads-from-oldest-kept',
      title: 'getChanges(null) starts at the oldest change kept, never answering reset',
      async run(ctx) {
        const small = await ctx.reopenWithFeedRetention({ maxChanges: 2 });
        for (let i = 0; i < 4; i++) await small.createFlag({ id: generateId(), key: ctx.unique('null'), name: 'null' });
        const batch = await small.getChanges(null, { limit: 10_000 });
        if (batch.reset) expect.fail('getChanges(null) answered reset');
        expect(batch.changes.length).toBeGreaterThan(0);
        expect(batch.revision).toBe(await headRevision(small));
      },
    },
    {
      id: 'feed-retention.reset-after-data-loss',
      title:
        'after the store lost its data, a reader holding a revision of the lost feed gets reset, also once new writes outnumber the lost ones',
      async run(ctx) {
        const before = ctx.backend;
        for (let i = 0; i < 3; i++)
          await before.createFlag({ id: generateId(), key: ctx.unique('lost'), name: 'lost' });
        const seen = await headRevision(before);
        const after = await ctx.reopenAfterDataLoss(before);
        expect(await after.getChanges(seen), 'right after the loss').toMatchObject({ reset: true });
        // More changes than the lost feed had: a feed counted again from its start passes `seen`.
        for (let i = 0; i < 6; i++) await after.createFlag({ id: generateId(), key: ctx.unique('new'), name: 'new' });
        const batch = await after.getChanges(seen);
        expect(batch, 'a reader of the lost feed must reload, not be handed the new changes').toStrictEqual({
          revision: await headRevision(after),
          reset: true,
        });
        // A reader that reloaded follows the new feed as usual.
        const head = await headRevision(after);
        const id = generateId();
        await after.createFlag({ id, key: ctx.unique('later'), name: 'later' });
        const { changes } = await changesSince(after, head);
        expect(changes.map((c) => c.id)).toContain(id);
      },
    },
    {
      id: 'feed-retention.bad-arguments',
      title: 'getChanges refuses a since or limit outside the rules with ValidationError',
      async run(ctx) {
        const b = ctx.backend;
        for (const since of [-1, 1.5, Number.NaN, '3' as unknown as number, undefined as unknown as number]) {
          await expectRejection(b.getChanges(since), ValidationError, `getChanges(${String(since)})`);
        }
        for (const limit of [0, -1, 2.5, 10_001]) {
          await expectRejection(b.getChanges(0, { limit }), ValidationError, `getChanges(0, { limit: ${limit} })`);
        }
      },
    },
  ],
});
