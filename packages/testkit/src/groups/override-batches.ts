import {
  ConflictError,
  type FlagOverrideInput,
  generateId,
  NotFoundError,
  type StorageBackend,
  ValidationError,
} from '@flags/core';
import { expect } from 'vitest';
import { byId, expectRejection } from '../assertions.js';
import { defineGroup } from '../check.js';
import { inMs, overrideInput, seedFlag } from '../fixtures.js';

type Batching = StorageBackend & Required<Pick<StorageBackend, 'upsertOverrides'>>;

/** The backend, when it implements the optional `upsertOverrides` (otherwise there is nothing to check). */
function batching(backend: StorageBackend): Batching | null {
  return typeof backend.upsertOverrides === 'function' ? (backend as Batching) : null;
}

/** The optional batch write: what imports and copies use to write overrides without one round trip each. */
export const overrideBatchesGroup = defineGroup({
  name: 'override-batches',
  title: 'upsertOverrides (optional)',
  checks: [
    {
      id: 'override-batches.creates-and-replaces',
      title:
        'upsertOverrides creates and replaces like upsertOverride (live ones keep id and createdAt), in input order, and moves the revision',
      async run(ctx) {
        const backend = batching(ctx.backend);
        if (!backend) return;
        const a = await seedFlag(ctx);
        const b = await seedFlag(ctx);
        const existing = await backend.upsertOverride(overrideInput(a.id, { entityId: 'u-1', value: 'old' }));
        const revision = await backend.getRevision();
        const written = await backend.upsertOverrides([
          overrideInput(a.id, { id: generateId(), entityId: 'u-1', value: 'new', enabled: false }),
          overrideInput(a.id, { entityId: 'u-2', value: { n: [1, 2] } }),
          overrideInput(b.id, { entityId: 'u-1', expiresAt: inMs(3_600_000) }),
        ]);
        expect(written.map((o) => [o.flagId, o.entityId])).toStrictEqual([
          [a.id, 'u-1'],
          [a.id, 'u-2'],
          [b.id, 'u-1'],
        ]);
        expect(written[0]!.id, 'id kept').toBe(existing.id);
        expect(written[0]!.createdAt.getTime(), 'createdAt kept').toBe(existing.createdAt.getTime());
        expect(written[0]).toMatchObject({ value: 'new', enabled: false });
        expect(written[1]).toMatchObject({ value: { n: [1, 2] }, enabled: true });
        const entities = ['u-1', 'u-2'].map((entityId) => ({ entityType: 'user', entityId }));
        expect(byId(await backend.getOverridesForFlags([a.id, b.id], entities))).toStrictEqual(byId(written));
        expect(await backend.getRevision()).not.toBe(revision);
        expect(await backend.upsertOverrides([])).toStrictEqual([]);
      },
    },
    {
      id: 'override-batches.all-or-nothing',
      title:
        'upsertOverrides with one bad override (invalid, repeated entity, unknown flag, taken id) throws and writes none of the batch',
      async run(ctx) {
        const backend = batching(ctx.backend);
        if (!backend) return;
        const flag = await seedFlag(ctx);
        const existing = await backend.upsertOverride(overrideInput(flag.id, { entityId: 'kept', value: 'kept' }));
        const good = (entityId: string): FlagOverrideInput => overrideInput(flag.id, { entityId, value: entityId });
        const unchanged = async (what: string) => {
          expect(await backend.listOverrides(flag.id), `${what}: nothing written`).toStrictEqual([existing]);
        };
        const invalid = await expectRejection(
          backend.upsertOverrides([good('a'), good('b'), { ...good('c'), enabled: 'yes' as unknown as boolean }]),
          ValidationError,
          'a batch with an invalid override',
        );
        expect(invalid.issues.map((issue) => issue.path.slice(0, 3))).toStrictEqual(['[2]']);
        await unchanged('invalid override');
        await expectRejection(
          backend.upsertOverrides([good('a'), good('b'), good('a')]),
          ValidationError,
          'a batch naming one entity twice',
        );
        await unchanged('repeated entity');
        await expectRejection(
          backend.upsertOverrides([good('a'), overrideInput(generateId(), { entityId: 'b' })]),
          NotFoundError,
          'a batch with an override of an unknown flag',
        );
        await unchanged('unknown flag');
        await expectRejection(
          backend.upsertOverrides([
            { ...good('kept'), value: 'changed' },
            { ...good('a'), id: existing.id },
          ]),
          ConflictError,
          "a batch with an id taken by another entity's override",
        );
        await unchanged('taken id');
      },
    },
  ],
});
