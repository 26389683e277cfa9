import { generateId, type StorageBackend, type StorageChange } from '@flags/core';
import { expect } from 'vitest';
import { type CheckContext, defineGroup } from '../check.js';
import { changesOf, changesSince, expectAscending, headRevision } from '../feed-reading.js';
import { overrideInput, seedFlag } from '../fixtures.js';

/** Creates flags with fresh ids one after the other; returns the ids in write order. */
async function createFlags(ctx: CheckContext, count: number, backend: StorageBackend = ctx.backend): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = generateId();
    await backend.createFlag({ id, key: ctx.unique('order'), name: 'order' });
    ids.push(id);
  }
  return ids;
}

/** A latch: `wait()` resolves once `open()` was called. */
function latch(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** Changes come back in commit order, page by page, and none is lost or repeated under concurrency. */
export const feedOrderGroup = defineGroup({
  name: 'feed-order',
  title: 'change feed: revision order',
  checks: [
    {
      id: 'feed-order.revision-order',
      title: 'changes come back in the order they were written, with ascending revisions, and nothing after the last',
      async run(ctx) {
        const before = await headRevision(ctx.backend);
        const ids = await createFlags(ctx, 5);
        const { revision, changes } = await changesSince(ctx.backend, before);
        expectAscending(changes, before);
        expect(changes.filter((c) => ids.includes(c.id)).map((c) => c.id)).toStrictEqual(ids);
        expect(revision).toBe(changes.at(-1)!.revision);
        const after = await ctx.backend.getChanges(revision);
        expect(after.reset).not.toBe(true);
        expect(after.revision).toBeGreaterThanOrEqual(revision);
      },
    },
    {
      id: 'feed-order.limit-pages',
      title: 'getChanges with a limit returns at most that many and a revision to continue from, losing nothing',
      async run(ctx) {
        const before = await headRevision(ctx.backend);
        const ids = await createFlags(ctx, 7);
        const first = await ctx.backend.getChanges(before, { limit: 2 });
        if (first.reset) expect.fail('getChanges answered reset for a recent revision');
        expect(first.changes).toHaveLength(2);
        expect(first.revision).toBe(first.changes[1]!.revision);
        const { changes } = await changesSince(ctx.backend, before, 2);
        expect(changes.filter((c) => ids.includes(c.id)).map((c) => c.id)).toStrictEqual(ids);
        expect(new Set(changes.map((c) => c.revision)).size).toBe(changes.length);
      },
    },
    {
      id: 'feed-order.concurrent-writers',
      title: '20 concurrent writers lose or repeat no change',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const before = await headRevision(ctx.backend);
        const backend = ctx.backend;
        const writes = Array.from({ length: 20 }, (_, i) =>
          i % 2 === 0
            ? backend.createFlag({ id: generateId(), key: ctx.unique('racer'), name: 'racer' })
            : backend.upsertOverride(overrideInput(flag.id, { id: generateId(), entityId: `racer-${i}` })),
        );
        const ids = (await Promise.all(writes)).map((record) => record.id);
        const { changes } = await changesSince(ctx.backend, before);
        const mine = changes.filter((c) => ids.includes(c.id));
        expect(mine.map((c) => c.id).sort()).toStrictEqual([...ids].sort());
        expect(new Set(changes.map((c) => c.revision)).size).toBe(changes.length);
      },
    },
    {
      id: 'feed-order.commit-order',
      title:
        'a reader that has seen revision r is never handed a change below r, even when two transactions commit out of order',
      async run(ctx) {
        const before = await headRevision(ctx.backend);
        const reached = latch();
        const release = latch();
        let paused = false;
        const pause = async () => {
          if (paused) return;
          paused = true;
          reached.open();
          await release.wait;
        };
        const slow = ctx.reopenPausingWrites ? await ctx.reopenPausingWrites(pause) : ctx.backend;
        const slowId = generateId();
        const fastId = generateId();
        const slowWrite = slow.createFlag({ id: slowId, key: ctx.unique('slow'), name: 'slow' });
        if (ctx.reopenPausingWrites) await reached.wait;
        const fastWrite = ctx.backend.createFlag({ id: fastId, key: ctx.unique('fast'), name: 'fast' });
        // Read while the slow transaction is held open: whatever this sees, later reads must not go below it.
        await ctx.sleep(100);
        const seen: StorageChange[] = [];
        const early = await changesSince(ctx.backend, before);
        seen.push(...early.changes);
        release.open();
        await Promise.all([slowWrite, fastWrite]);
        const late = await changesSince(ctx.backend, early.revision);
        expectAscending(late.changes, early.revision);
        seen.push(...late.changes);
        const mine = changesOf(seen, [slowId, fastId]);
        expect(mine.map((c) => c.id).sort()).toStrictEqual([slowId, fastId].sort());
      },
    },
  ],
});
