import { generateId } from '@flags/core';
import { expect } from 'vitest';
import { defineGroup } from '../check.js';
import { changesSince, headRevision } from '../feed-reading.js';

/** Waits until `done()` or fails after `timeoutMs`. */
async function until(what: string, done: () => boolean, sleep: (ms: number) => Promise<void>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) expect.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Another instance over the same data sees the feed, and is told of writes where the store can push. */
export const feedInstancesGroup = defineGroup({
  name: 'feed-instances',
  title: 'change feed: across instances',
  checks: [
    {
      id: 'feed-instances.reopen-sees-changes',
      title: 'changes written through one instance are read, in order, through another',
      async run(ctx) {
        const before = await headRevision(ctx.backend);
        const ids = [generateId(), generateId()];
        for (const id of ids) await ctx.backend.createFlag({ id, key: ctx.unique('seen'), name: 'seen' });
        const other = await ctx.reopen(ctx.backend);
        const { changes } = await changesSince(other, before);
        expect(changes.filter((c) => ids.includes(c.id)).map((c) => c.id)).toStrictEqual(ids);
      },
    },
    {
      id: 'feed-instances.subscribe-hears-other-instances',
      title: "subscribe (where offered) calls the listener for another instance's writes, and not after unsubscribing",
      async run(ctx) {
        const listener = ctx.backend;
        if (listener.subscribe === undefined) return; // Polled backends offer no push.
        const writer = await ctx.reopen(listener);
        let calls = 0;
        const unsubscribe = await listener.subscribe(() => {
          calls += 1;
        });
        await writer.createFlag({ id: generateId(), key: ctx.unique('pushed'), name: 'pushed' });
        await until('the listener to be called', () => calls > 0, ctx.sleep);
        await unsubscribe();
        await ctx.sleep(50);
        const heard = calls;
        await writer.createFlag({ id: generateId(), key: ctx.unique('unheard'), name: 'unheard' });
        await ctx.sleep(200);
        expect(calls, 'no call after unsubscribing').toBe(heard);
      },
    },
  ],
});
