import { type EvaluationContext, LiveFlagClient, type LiveFlagClientOptions, type StorageBackend } from '@flags/core';
import { expect } from 'vitest';
import type { CheckContext } from '../check.js';
import { defineGroup } from '../check.js';
import { inMs, overrideInput, seedFlag, segmentInput } from '../fixtures.js';

/** Short enough that a check waits little, long enough not to load a slow server. */
const POLL_MS = 50;
/** How long a change may take to reach the live client before the check fails. */
const PROPAGATION_LIMIT_MS = 10_000;

/**
 * A live client over the backend under test. The check's writes go through the same backend, but the
 * client learns of them only from the change feed (a push, or the next poll). Writes through another
 * instance are covered by `liveOutageScenario`, which each backend package runs against its server.
 * Closing the client closes the backend; the check writes nothing after that.
 */
async function liveReader(ctx: CheckContext, options: Partial<LiveFlagClientOptions> = {}) {
  const storage: StorageBackend = ctx.backend;
  const client = new LiveFlagClient({ storage, pollMs: POLL_MS, pushPollMs: POLL_MS * 4, ...options });
  await client.ready();
  return client;
}

/** Resolves once `probe` holds, failing the check with `what` after {@link PROPAGATION_LIMIT_MS}. */
async function until(ctx: CheckContext, what: string, probe: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + PROPAGATION_LIMIT_MS;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`[@flags/testkit] ${what}: not seen after ${PROPAGATION_LIMIT_MS} ms`);
    await ctx.sleep(10);
  }
}

const user = (userId: string, attributes: Record<string, unknown> = {}): EvaluationContext => ({
  userId,
  targetingKey: userId,
  attributes,
});

/** The live client (a snapshot kept fresh by the change feed) over this backend. */
export const liveGroup = defineGroup({
  name: 'live',
  title: 'live client over the change feed',
  checks: [
    {
      id: 'live.serves-later-writes',
      title: 'a live client serves creates and updates made after ready() once the feed carries them',
      async run(ctx) {
        const flag = await seedFlag(ctx, { defaultEnabled: false });
        const client = await liveReader(ctx);
        try {
          const seen: string[] = [];
          client.onChange((keys) => seen.push(...keys));
          expect(await client.getBooleanValue(flag.key, true)).toBe(false);
          await ctx.backend.updateFlag({ ...flag, defaultEnabled: true });
          await until(ctx, 'the update', () => client.getBooleanValueSync(flag.key, false));
          expect(seen).toContain(flag.key);
          const later = await seedFlag(ctx, { flagType: 'string', defaultValue: 'fresh' });
          await until(ctx, 'the new flag', () => client.getStringValueSync(later.key, 'x') === 'fresh');
          expect(await client.getStringDetails(later.key, 'x')).toMatchObject({ value: 'fresh', reason: 'STATIC' });
          expect(client.status()).toMatchObject({ ready: true, stale: false, failures: 0 });
        } finally {
          await client.close();
        }
      },
    },
    {
      id: 'live.deleted-flag-not-found',
      title: 'a flag deleted after ready() answers FLAG_NOT_FOUND',
      async run(ctx) {
        const flag = await seedFlag(ctx, { defaultEnabled: true });
        const client = await liveReader(ctx);
        try {
          expect(await client.getBooleanValue(flag.key, false)).toBe(true);
          await ctx.backend.deleteFlag(flag.key);
          await until(ctx, 'the delete', () => client.getBooleanDetailsSync(flag.key, false).reason === 'ERROR');
          expect(await client.getBooleanDetails(flag.key, false)).toMatchObject({
            value: false,
            reason: 'ERROR',
            errorCode: 'FLAG_NOT_FOUND',
          });
          expect(Object.keys(await client.getAllFlags())).not.toContain(flag.key);
        } finally {
          await client.close();
        }
      },
    },
    {
      id: 'live.segment-change-reevaluates',
      title: 'a segment change re-evaluates the flags using it, and names them to listeners',
      async run(ctx) {
        const segment = await ctx.backend.createSegment(segmentInput(ctx));
        const flag = await seedFlag(ctx, {
          rules: [
            {
              name: 'in segment',
              priority: 1,
              conditions: [{ attribute: 'segment', operator: 'in_segment', value: segment.name }],
              serveEnabled: true,
            },
          ],
        });
        const bystander = await seedFlag(ctx);
        const client = await liveReader(ctx);
        try {
          const changed: string[][] = [];
          client.onChange((keys) => changed.push([...keys]));
          const free = user('u-free', { plan: 'free' });
          expect(await client.getBooleanValue(flag.key, true, free)).toBe(false);
          await ctx.backend.updateSegment({
            ...segment,
            conditions: [{ attribute: 'plan', operator: 'eq', value: 'free' }],
          });
          await until(ctx, 'the segment change', () => client.getBooleanValueSync(flag.key, false, free));
          expect(changed.flat()).toContain(flag.key);
          expect(changed.flat()).not.toContain(bystander.key);
        } finally {
          await client.close();
        }
      },
    },
    {
      id: 'live.override-write-served-exactly',
      title: 'an override written after ready() is served to its entity only, evicting only that entity',
      async run(ctx) {
        const flag = await seedFlag(ctx, { defaultEnabled: false });
        const client = await liveReader(ctx);
        try {
          const [ann, bob] = [user('ann'), user('bob')];
          expect(await client.getBooleanValue(flag.key, true, ann)).toBe(false);
          expect(await client.getBooleanValue(flag.key, true, bob)).toBe(false);
          const cached = client.status().cachedEntities;
          await ctx.backend.upsertOverride(
            overrideInput(flag.id, { entityType: 'user', entityId: 'ann', enabled: true }),
          );
          await until(
            ctx,
            'the override',
            async () => (await client.getBooleanDetails(flag.key, false, ann)).reason === 'OVERRIDE',
          );
          expect(await client.getBooleanValue(flag.key, true, bob)).toBe(false);
          // ann's entry was dropped and read again; bob's never left the cache.
          expect(client.status().cachedEntities).toBe(cached);
          await ctx.backend.deleteOverride(flag.id, 'user', 'ann');
          await until(ctx, 'the override delete', async () => !(await client.getBooleanValue(flag.key, true, ann)));
        } finally {
          await client.close();
        }
      },
    },
    {
      id: 'live.override-expires-on-time',
      title: 'a cached override stops being served once its expiresAt passes, with no write',
      async run(ctx) {
        const flag = await seedFlag(ctx, { defaultEnabled: false });
        const expiresAt = inMs(800);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'eve', enabled: true, expiresAt }));
        const client = await liveReader(ctx);
        try {
          const eve = user('eve');
          const before = await client.getBooleanDetails(flag.key, false, eve);
          // Only meaningful when the read finished before the expiry: a loaded machine must not fail the check.
          if (Date.now() < expiresAt.getTime() - 50) expect(before).toMatchObject({ value: true, reason: 'OVERRIDE' });
          await ctx.sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 20);
          expect(client.getBooleanDetailsSync(flag.key, true, eve)).toMatchObject({ value: false, reason: 'STATIC' });
        } finally {
          await client.close();
        }
      },
    },
    {
      id: 'live.sync-getters',
      title: '…Sync getters answer from the ready snapshot as the async ones do',
      async run(ctx) {
        const flag = await seedFlag(ctx, { flagType: 'number', defaultValue: 7 });
        const client = await liveReader(ctx);
        try {
          const someone = user('sam');
          // The first sync call for a new entity cannot wait for its overrides.
          expect(client.getNumberDetailsSync(flag.key, 0, someone)).toMatchObject({
            value: 0,
            errorCode: 'PROVIDER_NOT_READY',
          });
          expect(await client.getNumberDetails(flag.key, 0, someone)).toMatchObject({ value: 7, reason: 'STATIC' });
          expect(client.getNumberDetailsSync(flag.key, 0, someone)).toMatchObject({ value: 7, reason: 'STATIC' });
          expect(client.getFlagsSync([flag.key, 'tk-missing'], someone)).toMatchObject({
            [flag.key]: { value: 7 },
            'tk-missing': { value: null, errorCode: 'FLAG_NOT_FOUND' },
          });
        } finally {
          await client.close();
        }
      },
    },
  ],
});
