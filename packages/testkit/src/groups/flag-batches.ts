import {
  ConflictError,
  type FeatureFlag,
  type FeatureFlagInput,
  generateId,
  type StorageBackend,
  ValidationError,
} from '@flags/core';
import { expect } from 'vitest';
import { expectRejection } from '../assertions.js';
import { type CheckContext, defineGroup } from '../check.js';
import { flagInput, richFlagInput, seedFlag } from '../fixtures.js';

type Batching = StorageBackend & Required<Pick<StorageBackend, 'createFlags'>>;

/** The backend, when it implements the optional `createFlags` (otherwise there is nothing to check). */
function batching(backend: StorageBackend): Batching | null {
  return typeof backend.createFlags === 'function' ? (backend as Batching) : null;
}

/** A flag without what differs between two creations of one input: generated ids (its own, its rules' and variants'), key, times. */
function comparable(flag: FeatureFlag): unknown {
  const { id: _id, key: _key, createdAt: _created, updatedAt: _updated, ...rest } = flag;
  return {
    ...rest,
    rules: rest.rules.map(({ id: _rule, ...rule }) => rule),
    variants: rest.variants.map(({ id: _variant, ...variant }) => variant),
  };
}

/** The keys of `inputs` that are stored. */
async function storedKeys(ctx: CheckContext, inputs: readonly FeatureFlagInput[]): Promise<string[]> {
  return [...(await ctx.backend.getFlags(inputs.map((input) => input.key))).keys()].sort();
}

/** The optional batch create: what imports and copies use to write flags without one transaction each. */
export const flagBatchesGroup = defineGroup({
  name: 'flag-batches',
  title: 'createFlags (optional)',
  checks: [
    {
      id: 'flag-batches.creates',
      title:
        'createFlags stores every flag at version 1 as createFlag would, answers in input order, moves the revision',
      async run(ctx) {
        const backend = batching(ctx.backend);
        if (!backend) return;
        const id = generateId();
        const inputs = [
          richFlagInput(ctx),
          flagInput(ctx, { id, status: 'inactive' }),
          flagInput(ctx, { flagType: 'string', defaultValue: 'plain' }),
        ];
        const revision = await backend.getRevision();
        const created = await backend.createFlags(inputs);
        expect(created.map((flag) => flag.key)).toStrictEqual(inputs.map((input) => input.key));
        expect(created.map((flag) => flag.version)).toStrictEqual([1, 1, 1]);
        expect(created[1]!.id, 'a given id is kept').toBe(id);
        const stored = await backend.getFlags(inputs.map((input) => input.key));
        for (const flag of created) expect(stored.get(flag.key), flag.key).toStrictEqual(flag);
        const single = await backend.createFlag(richFlagInput(ctx, { key: ctx.unique('single') }));
        expect(comparable(created[0]!), 'the same flag as createFlag stores').toStrictEqual(comparable(single));
        expect(await backend.getRevision()).not.toBe(revision);
        expect(await backend.createFlags([])).toStrictEqual([]);
      },
    },
    {
      id: 'flag-batches.all-or-nothing',
      title:
        'createFlags with one bad flag (invalid, repeated key or id, key or id already stored) throws and writes none of the batch',
      async run(ctx) {
        const backend = batching(ctx.backend);
        if (!backend) return;
        const existing = await seedFlag(ctx);
        const batch = () => [flagInput(ctx), flagInput(ctx)];
        const nothingWritten = async (inputs: readonly FeatureFlagInput[], what: string) => {
          expect(await storedKeys(ctx, inputs.slice(0, 2)), `${what}: nothing written`).toStrictEqual([]);
        };
        let inputs: FeatureFlagInput[] = [...batch(), flagInput(ctx, { rules: [{ rolloutPercentage: 101 }] })];
        const invalid = await expectRejection(
          backend.createFlags(inputs),
          ValidationError,
          'a batch with an invalid flag',
        );
        expect(invalid.issues.map((issue) => issue.path.slice(0, 3))).toStrictEqual(['[2]']);
        await nothingWritten(inputs, 'invalid flag');
        inputs = batch();
        inputs.push({ ...inputs[0]!, name: 'again' });
        await expectRejection(backend.createFlags(inputs), ValidationError, 'a batch repeating a key');
        await nothingWritten(inputs, 'repeated key');
        inputs = [...batch(), flagInput(ctx, { key: existing.key })];
        await expectRejection(backend.createFlags(inputs), ConflictError, 'a batch with a stored key');
        await nothingWritten(inputs, 'stored key');
        inputs = [...batch(), flagInput(ctx, { id: existing.id })];
        await expectRejection(backend.createFlags(inputs), ConflictError, 'a batch with a stored id');
        await nothingWritten(inputs, 'stored id');
        expect(await backend.getFlag(existing.key)).toStrictEqual(existing);
      },
    },
  ],
});
