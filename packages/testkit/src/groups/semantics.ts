import { ConflictError, NotFoundError } from '@flags/core';
import { expect } from 'vitest';
import { expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { overrideInput, seedFlag, segmentInput } from '../fixtures.js';

/** Keys in an order no sorting gives, numeric-looking keys among them (which JavaScript itself lists first). */
const ORDERED = { zeta: 1, alpha: { b: 2, a: [3, { y: null, x: 'é' }] }, mid: 1.5, '10': true, '9': false };

/** Answers SQL, memory and Redis backends once gave differently; every backend now gives the same one. */
export const semanticsGroup = defineGroup({
  name: 'semantics',
  title: 'one answer on every backend',
  checks: [
    {
      id: 'semantics.upsert-foreign-id-never-touches-other-entity',
      title:
        "an upsert carrying another entity's override id conflicts when its own entity has none, replaces its own entity's override (keeping that id) otherwise — never the other entity's",
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const alice = await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'alice' }));
        await expectRejection(
          ctx.backend.upsertOverride({ ...alice, entityId: 'bob', enabled: false }),
          ConflictError,
          "upsert for bob carrying alice's id",
        );
        expect(await ctx.backend.getOverride(flag.id, 'user', 'bob'), 'bob has no override').toBeNull();
        expect(await ctx.backend.getOverride(flag.id, 'user', 'alice'), 'alice is untouched').toStrictEqual(alice);
        const bob = await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'bob' }));
        const replaced = await ctx.backend.upsertOverride({ ...alice, entityId: 'bob', enabled: false });
        expect(replaced).toMatchObject({ id: bob.id, entityId: 'bob', enabled: false, createdAt: bob.createdAt });
        expect(await ctx.backend.getOverride(flag.id, 'user', 'alice'), 'alice is untouched').toStrictEqual(alice);
      },
    },
    {
      id: 'semantics.expired-override-counts-as-absent',
      title: 'deleting an expired override returns false; an upsert over it starts a new override (new id)',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const expiresAt = new Date(Date.now() + 300);
        const expiring = await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'carol', expiresAt }));
        await ctx.sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 60);
        expect(await ctx.backend.deleteOverride(flag.id, 'user', 'carol'), 'delete of an expired override').toBe(false);
        const again = new Date(Date.now() + 300);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'carol', expiresAt: again }));
        await ctx.sleep(Math.max(0, again.getTime() - Date.now()) + 60);
        const fresh = await ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: 'carol', enabled: false }));
        expect(fresh.id, 'a new override').not.toBe(expiring.id);
        expect(await ctx.backend.deleteOverride(flag.id, 'user', 'carol'), 'delete of a live override').toBe(true);
      },
    },
    {
      id: 'semantics.update-flag-needs-id',
      title: 'updateFlag without an id is NotFoundError and changes nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const { id: _id, ...withoutId } = flag;
        await expectRejection(
          ctx.backend.updateFlag({ ...withoutId, name: 'renamed' }),
          NotFoundError,
          'updateFlag without an id',
        );
        expect(await ctx.backend.getFlag(flag.key)).toStrictEqual(flag);
      },
    },
    {
      id: 'semantics.json-key-order-kept',
      title: 'JSON values and metadata round-trip byte-identical: object key order is kept',
      async run(ctx) {
        const text = JSON.stringify(ORDERED);
        const flag = await seedFlag(ctx, {
          flagType: 'json',
          defaultValue: ORDERED,
          metadata: ORDERED,
          rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value: ORDERED }], serveValue: ORDERED }],
          variants: [{ key: 'v', value: ORDERED, weight: 100 }],
        });
        const read = await ctx.backend.getFlag(flag.key);
        expect(JSON.stringify(read?.defaultValue), 'defaultValue').toBe(text);
        expect(JSON.stringify(read?.metadata), 'metadata').toBe(text);
        expect(JSON.stringify(read?.rules[0]?.conditions[0]?.value), 'a condition value').toBe(text);
        expect(JSON.stringify(read?.rules[0]?.serveValue), 'serveValue').toBe(text);
        expect(JSON.stringify(read?.variants[0]?.value), 'a variant value').toBe(text);
        await ctx.backend.upsertOverride(overrideInput(flag.id, { value: ORDERED }));
        const override = await ctx.backend.getOverride(flag.id, 'user', 'user-1');
        expect(JSON.stringify(override?.value), 'an override value').toBe(text);
        const segment = await ctx.backend.createSegment(
          segmentInput(ctx, { conditions: [{ attribute: 'a', operator: 'eq', value: ORDERED }] }),
        );
        expect(JSON.stringify((await ctx.backend.getSegment(segment.id))?.conditions[0]?.value), 'a segment').toBe(
          text,
        );
      },
    },
  ],
});
