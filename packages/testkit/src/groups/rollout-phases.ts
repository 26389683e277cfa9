import { ConflictError, generateId, NotFoundError } from '@flags/core';
import { expect } from 'vitest';
import { expectRecent, expectRejection, idsOf } from '../assertions.js';
import { defineGroup } from '../check.js';
import { compareText } from '../compare.js';
import { rolloutPhaseInput, seedFlag } from '../fixtures.js';
import { rolloutPhaseKind } from '../leased-kinds.js';
import { leaseChecks } from './lease-checks.js';

/** createRolloutPhase, getRolloutPhases, getPendingRolloutPhases, claim, mark, deleteRolloutPhase. */
export const rolloutPhasesGroup = defineGroup({
  name: 'rollout-phases',
  title: 'rollout phases',
  checks: [
    {
      id: 'rollout-phases.create-stores-defaults',
      title: 'createRolloutPhase stores a pending phase with defaults and backend-set timestamps',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const scheduledAt = new Date('2030-04-05T06:07:08.009Z');
        const before = new Date();
        const created = await ctx.backend.createRolloutPhase({
          flagId: flag.id,
          phaseNumber: 1,
          targetPercentage: 25,
          scheduledAt,
        });
        const after = new Date();
        expect(created).toMatchObject({
          flagId: flag.id,
          phaseNumber: 1,
          targetPercentage: 25,
          scheduledAt,
          executed: false,
          executedAt: null,
          claimedBy: null,
          claimExpiresAt: null,
          outcome: null,
        });
        expect(typeof created.id).toBe('string');
        expectRecent(created.createdAt, before, after, 'createdAt');
        expectRecent(created.updatedAt, before, after, 'updatedAt');
        expect(await ctx.backend.getRolloutPhases(flag.id)).toStrictEqual([created]);
      },
    },
    {
      id: 'rollout-phases.create-unknown-flag-not-found',
      title: 'createRolloutPhase for an unknown flag id throws NotFoundError and writes nothing',
      async run(ctx) {
        const flagId = generateId();
        await expectRejection(
          ctx.backend.createRolloutPhase(rolloutPhaseInput(flagId, 1)),
          NotFoundError,
          'createRolloutPhase for an unknown flag',
        );
        expect(await ctx.backend.getRolloutPhases(flagId)).toStrictEqual([]);
        expect((await ctx.backend.getPendingRolloutPhases()).some((p) => p.flagId === flagId)).toBe(false);
      },
    },
    {
      id: 'rollout-phases.create-duplicate-id-conflicts',
      title: 'createRolloutPhase with a taken id throws ConflictError and changes nothing',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const first = await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        await expectRejection(
          ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 2, { id: first.id })),
          ConflictError,
          'createRolloutPhase with a taken id',
        );
        expect(await ctx.backend.getRolloutPhases(flag.id)).toStrictEqual([first]);
      },
    },
    {
      id: 'rollout-phases.create-duplicate-phase-number-conflicts',
      title:
        'createRolloutPhase with a phaseNumber the flag already has throws ConflictError; other flags may reuse it',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const other = await seedFlag(ctx);
        const first = await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        await expectRejection(
          ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1, { targetPercentage: 99 })),
          ConflictError,
          'createRolloutPhase with a taken phaseNumber',
        );
        expect(await ctx.backend.getRolloutPhases(flag.id)).toStrictEqual([first]);
        const reused = await ctx.backend.createRolloutPhase(rolloutPhaseInput(other.id, 1));
        expect(await ctx.backend.getRolloutPhases(other.id)).toStrictEqual([reused]);
      },
    },
    {
      id: 'rollout-phases.get-sorted-by-phase-number',
      title: "getRolloutPhases returns the flag's phases, executed ones included, sorted by phaseNumber",
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const other = await seedFlag(ctx);
        const created = [];
        for (const phaseNumber of [3, 1, 10, 2]) {
          created.push(await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, phaseNumber)));
        }
        await ctx.backend.createRolloutPhase(rolloutPhaseInput(other.id, 4));
        expect(await ctx.backend.markRolloutPhaseExecuted(created[1]!.id, new Date())).toBe(true);
        const phases = await ctx.backend.getRolloutPhases(flag.id);
        expect(phases.map((p) => p.phaseNumber)).toStrictEqual([1, 2, 3, 10]);
        expect(phases.every((p) => p.flagId === flag.id)).toBe(true);
        expect(await ctx.backend.getRolloutPhases(generateId())).toStrictEqual([]);
      },
    },
    {
      id: 'rollout-phases.pending-sorted-across-flags',
      title: 'getPendingRolloutPhases lists unexecuted phases of every flag by scheduledAt, phaseNumber, then id',
      async run(ctx) {
        const one = await seedFlag(ctx);
        const two = await seedFlag(ctx);
        const at = (iso: string) => ({ scheduledAt: new Date(iso) });
        const create = (flagId: string, phaseNumber: number, iso: string) =>
          ctx.backend.createRolloutPhase(rolloutPhaseInput(flagId, phaseNumber, at(iso)));
        const late = await create(one.id, 3, '2030-03-01T00:00:00.000Z');
        const early = await create(one.id, 1, '2030-01-01T00:00:00.000Z');
        const sameTimeHigher = await create(two.id, 5, '2030-02-01T00:00:00.000Z');
        const sameTimeLower = await create(one.id, 2, '2030-02-01T00:00:00.000Z');
        const tieX = await create(two.id, 1, '2030-01-15T00:00:00.000Z');
        const tieY = await create(one.id, 4, '2030-01-15T00:00:00.000Z');
        const done = await create(two.id, 3, '2029-06-01T00:00:00.000Z');
        expect(await ctx.backend.markRolloutPhaseExecuted(done.id, new Date())).toBe(true);
        // Same scheduledAt and phaseNumber: only the id can order them.
        const tieZ = await create(two.id, 4, '2030-01-15T00:00:00.000Z');
        const byIdTies = [tieY, tieZ].sort((a, b) => compareText(a.id, b.id));
        const mine = new Set([one.id, two.id]);
        const pending = (await ctx.backend.getPendingRolloutPhases()).filter((p) => mine.has(p.flagId));
        expect(pending.every((p) => !p.executed)).toBe(true);
        expect(idsOf(pending)).toStrictEqual(idsOf([early, tieX, ...byIdTies, sameTimeLower, sameTimeHigher, late]));
      },
    },
    {
      id: 'rollout-phases.delete-returns-boolean',
      title: 'deleteRolloutPhase returns true and removes only that phase; false for an unknown id',
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const doomed = await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1));
        const kept = await ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 2));
        expect(await ctx.backend.deleteRolloutPhase(doomed.id)).toBe(true);
        expect(await ctx.backend.getRolloutPhases(flag.id)).toStrictEqual([kept]);
        expect((await ctx.backend.getPendingRolloutPhases()).some((p) => p.id === doomed.id)).toBe(false);
        expect(await ctx.backend.deleteRolloutPhase(doomed.id), 'second delete').toBe(false);
        expect(await ctx.backend.deleteRolloutPhase(generateId()), 'unknown id').toBe(false);
      },
    },
    ...leaseChecks('rollout-phases', rolloutPhaseKind),
  ],
});
