import { ConflictError, generateId, NotFoundError } from '@flags/core';
import { expect } from 'vitest';
import { expectRecent, expectRejection, idsOf } from '../assertions.js';
import { defineGroup } from '../check.js';
import { segmentInput } from '../fixtures.js';

/** createSegment, getSegment, getSegmentByName, getAllSegments, getChildSegments, updateSegment, deleteSegment. */
export const segmentsGroup = defineGroup({
  name: 'segments',
  title: 'segments',
  checks: [
    {
      id: 'segments.create-stores-version-1',
      title: 'createSegment stores a segment at version 1 with defaults and backend-set timestamps',
      async run(ctx) {
        const name = ctx.unique('segment');
        const before = new Date();
        const created = await ctx.backend.createSegment({ name, version: 9 });
        const after = new Date();
        expect(created).toMatchObject({
          name,
          description: null,
          conditions: [],
          parentSegmentId: null,
          enabled: true,
          version: 1,
        });
        expect(typeof created.id).toBe('string');
        expectRecent(created.createdAt, before, after, 'createdAt');
        expectRecent(created.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getSegment(created.id)).toStrictEqual(created);
        expect(await ctx.backend.getSegmentByName(name)).toStrictEqual(created);
      },
    },
    {
      id: 'segments.get-missing-returns-null',
      title: 'getSegment and getSegmentByName of unknown ones are null; getChildSegments of one is empty',
      async run(ctx) {
        expect(await ctx.backend.getSegment(generateId())).toBeNull();
        expect(await ctx.backend.getSegmentByName(ctx.unique('missing'))).toBeNull();
        expect(await ctx.backend.getChildSegments(generateId())).toStrictEqual([]);
      },
    },
    {
      id: 'segments.create-duplicate-name-conflicts',
      title: 'createSegment with a taken name throws ConflictError and changes nothing',
      async run(ctx) {
        const first = await ctx.backend.createSegment(segmentInput(ctx));
        await expectRejection(
          ctx.backend.createSegment({ name: first.name, description: 'intruder' }),
          ConflictError,
          'createSegment with a taken name',
        );
        expect(await ctx.backend.getSegmentByName(first.name)).toStrictEqual(first);
        expect((await ctx.backend.getAllSegments()).filter((s) => s.name === first.name)).toHaveLength(1);
      },
    },
    {
      id: 'segments.create-duplicate-id-conflicts',
      title: 'createSegment with a taken id throws ConflictError and writes nothing',
      async run(ctx) {
        const first = await ctx.backend.createSegment(segmentInput(ctx));
        const name = ctx.unique('segment');
        await expectRejection(
          ctx.backend.createSegment({ id: first.id, name }),
          ConflictError,
          'createSegment with a taken id',
        );
        expect(await ctx.backend.getSegmentByName(name)).toBeNull();
        expect(await ctx.backend.getSegment(first.id)).toStrictEqual(first);
      },
    },
    {
      id: 'segments.names-are-case-sensitive',
      title: 'segment names differing only in case are different segments',
      async run(ctx) {
        const base = ctx.unique('segment');
        const lower = await ctx.backend.createSegment({ name: `${base}-beta` });
        const upper = await ctx.backend.createSegment({ name: `${base}-Beta` });
        expect(upper.id).not.toBe(lower.id);
        expect((await ctx.backend.getSegmentByName(`${base}-beta`))?.id).toBe(lower.id);
        expect((await ctx.backend.getSegmentByName(`${base}-Beta`))?.id).toBe(upper.id);
        expect(await ctx.backend.getSegmentByName(`${base}-BETA`)).toBeNull();
      },
    },
    {
      id: 'segments.create-unknown-parent-not-found',
      title: 'createSegment whose parentSegmentId names no segment throws NotFoundError and writes nothing',
      async run(ctx) {
        const input = segmentInput(ctx, { parentSegmentId: generateId() });
        await expectRejection(ctx.backend.createSegment(input), NotFoundError, 'createSegment with an unknown parent');
        expect(await ctx.backend.getSegmentByName(input.name)).toBeNull();
      },
    },
    {
      id: 'segments.get-all-sorted-by-name',
      title: 'getAllSegments returns every segment sorted by name',
      async run(ctx) {
        const prefix = ctx.unique('segs');
        for (const suffix of ['charlie', 'alpha', 'delta', 'bravo']) {
          await ctx.backend.createSegment({ name: `${prefix}-${suffix}`, enabled: suffix !== 'delta' });
        }
        const mine = (await ctx.backend.getAllSegments()).filter((s) => s.name.startsWith(`${prefix}-`));
        expect(mine.map((s) => s.name)).toStrictEqual(
          ['alpha', 'bravo', 'charlie', 'delta'].map((suffix) => `${prefix}-${suffix}`),
        );
      },
    },
    {
      id: 'segments.children-direct-sorted',
      title: 'getChildSegments returns only direct children, sorted by name',
      async run(ctx) {
        const prefix = ctx.unique('kids');
        const parent = await ctx.backend.createSegment({ name: `${prefix}-parent` });
        const bravo = await ctx.backend.createSegment({ name: `${prefix}-bravo`, parentSegmentId: parent.id });
        const alpha = await ctx.backend.createSegment({ name: `${prefix}-alpha`, parentSegmentId: parent.id });
        await ctx.backend.createSegment({ name: `${prefix}-grandchild`, parentSegmentId: alpha.id });
        await ctx.backend.createSegment({ name: `${prefix}-unrelated` });
        const children = await ctx.backend.getChildSegments(parent.id);
        expect(idsOf(children)).toStrictEqual(idsOf([alpha, bravo]));
        expect(children[0]).toStrictEqual(await ctx.backend.getSegment(alpha.id));
      },
    },
    {
      id: 'segments.update-bumps-version',
      title: 'updateSegment replaces the segment at version + 1, keeps createdAt, and follows a rename',
      async run(ctx) {
        const parent = await ctx.backend.createSegment(segmentInput(ctx));
        const created = await ctx.backend.createSegment(segmentInput(ctx));
        const renamed = ctx.unique('renamed');
        const before = new Date();
        const updated = await ctx.backend.updateSegment({
          ...created,
          name: renamed,
          description: 'now a child',
          conditions: [{ attribute: 'country', operator: 'in', value: ['NL', 'BE'] }],
          parentSegmentId: parent.id,
          enabled: false,
          createdAt: new Date('2001-01-01T00:00:00.000Z'),
        });
        const after = new Date();
        expect(updated).toMatchObject({
          id: created.id,
          name: renamed,
          description: 'now a child',
          parentSegmentId: parent.id,
          enabled: false,
          version: 2,
        });
        expect(updated.createdAt.getTime(), 'createdAt kept').toBe(created.createdAt.getTime());
        expectRecent(updated.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getSegment(created.id)).toStrictEqual(updated);
        expect(await ctx.backend.getSegmentByName(renamed)).toStrictEqual(updated);
        expect(await ctx.backend.getSegmentByName(created.name), 'the old name is free').toBeNull();
        expect(idsOf(await ctx.backend.getChildSegments(parent.id))).toStrictEqual([created.id]);
        await ctx.backend.createSegment({ name: created.name });
        const again = await ctx.backend.updateSegment({ ...updated, parentSegmentId: null });
        expect(again.version).toBe(3);
        expect(await ctx.backend.getChildSegments(parent.id)).toStrictEqual([]);
      },
    },
    {
      id: 'segments.update-missing-not-found',
      title: 'updateSegment of an unknown id, or naming an unknown parent, throws NotFoundError and writes nothing',
      async run(ctx) {
        const ghost = segmentInput(ctx, { id: generateId() });
        await expectRejection(ctx.backend.updateSegment(ghost), NotFoundError, 'updateSegment of an unknown id');
        expect(await ctx.backend.getSegmentByName(ghost.name)).toBeNull();
        const stored = await ctx.backend.createSegment(segmentInput(ctx));
        await expectRejection(
          ctx.backend.updateSegment({ ...stored, parentSegmentId: generateId() }),
          NotFoundError,
          'updateSegment with an unknown parent',
        );
        expect(await ctx.backend.getSegment(stored.id)).toStrictEqual(stored);
      },
    },
    {
      id: 'segments.update-stale-version-conflicts',
      title: 'updateSegment with a version other than the stored one throws ConflictError and changes nothing',
      async run(ctx) {
        const v1 = await ctx.backend.createSegment(segmentInput(ctx, { description: 'v1' }));
        const v2 = await ctx.backend.updateSegment({ ...v1, description: 'v2' });
        await expectRejection(
          ctx.backend.updateSegment({ ...v1, description: 'lost update' }),
          ConflictError,
          'updateSegment from a stale version',
        );
        await expectRejection(
          ctx.backend.updateSegment({ ...v2, version: 7, description: 'from the future' }),
          ConflictError,
          'updateSegment from a version not yet reached',
        );
        expect(await ctx.backend.getSegment(v1.id)).toStrictEqual(v2);
      },
    },
    {
      id: 'segments.update-name-taken-conflicts',
      title: "updateSegment to another segment's name throws ConflictError and changes nothing",
      async run(ctx) {
        const taken = await ctx.backend.createSegment(segmentInput(ctx));
        const mover = await ctx.backend.createSegment(segmentInput(ctx));
        await expectRejection(
          ctx.backend.updateSegment({ ...mover, name: taken.name }),
          ConflictError,
          'updateSegment to a taken name',
        );
        expect(await ctx.backend.getSegment(mover.id)).toStrictEqual(mover);
        expect(await ctx.backend.getSegmentByName(taken.name)).toStrictEqual(taken);
      },
    },
    {
      id: 'segments.delete-returns-boolean',
      title: 'deleteSegment returns true and removes the segment; false for an unknown id',
      async run(ctx) {
        const doomed = await ctx.backend.createSegment(segmentInput(ctx));
        const kept = await ctx.backend.createSegment(segmentInput(ctx));
        expect(await ctx.backend.deleteSegment(doomed.id)).toBe(true);
        expect(await ctx.backend.getSegment(doomed.id)).toBeNull();
        expect(await ctx.backend.getSegmentByName(doomed.name)).toBeNull();
        expect((await ctx.backend.getAllSegments()).some((s) => s.id === doomed.id)).toBe(false);
        expect(await ctx.backend.deleteSegment(doomed.id), 'second delete').toBe(false);
        expect(await ctx.backend.deleteSegment(generateId()), 'unknown id').toBe(false);
        expect(await ctx.backend.getSegment(kept.id)).toStrictEqual(kept);
      },
    },
  ],
});
