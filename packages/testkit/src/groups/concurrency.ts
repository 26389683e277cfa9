import { ConflictError } from '@flags/core';
import { expect } from 'vitest';
import { tallySettled } from '../assertions.js';
import { type CheckContext, defineGroup } from '../check.js';
import { overrideInput, rolloutPhaseInput, seedFlag, segmentInput } from '../fixtures.js';
import { type LeasedKind, rolloutPhaseKind, scheduledChangeKind } from '../leased-kinds.js';

/** How many callers race in each check. */
const RACERS = 20;
const racers = Array.from({ length: RACERS }, (_, index) => index);

/** Asserts exactly one call resolved and every other one rejected with ConflictError; returns the winner. */
async function expectOneWinner<T>(what: string, calls: Promise<T>[]): Promise<T> {
  const tally = await tallySettled(calls, ConflictError);
  expect(tally.unexpected, `${what}: rejections other than ConflictError`).toStrictEqual([]);
  expect(tally.values.length, `${what}: calls that succeeded`).toBe(1);
  expect(tally.expected, `${what}: calls that got ConflictError`).toBe(RACERS - 1);
  return tally.values[0]!;
}

/** Asserts that of RACERS parallel claims by different owners exactly one got true. */
async function expectOneClaim(kind: LeasedKind, ctx: CheckContext): Promise<void> {
  const record = await kind.seed(ctx);
  const results = await Promise.all(racers.map((i) => kind.claim(ctx.backend, record.id, `owner-${i}`, 60_000)));
  const winners = racers.filter((i) => results[i] === true);
  expect(winners, `owners whose claim of one ${kind.noun} returned true`).toHaveLength(1);
  expect((await kind.find(ctx.backend, record))?.claimedBy).toBe(`owner-${winners[0]}`);
}

/** Parallel writers on one store: exactly one winner where the contract says so, no lost writes. */
export const concurrencyGroup = defineGroup({
  name: 'concurrency',
  title: 'concurrency',
  checks: [
    {
      id: 'concurrency.create-flag-one-winner',
      title: `${RACERS} parallel createFlag of one key: exactly one succeeds, the rest get ConflictError`,
      async run(ctx) {
        const key = ctx.unique('race');
        const winner = await expectOneWinner(
          'createFlag',
          racers.map((i) => ctx.backend.createFlag({ key, name: `writer-${i}` })),
        );
        expect(await ctx.backend.getFlag(key)).toStrictEqual(winner);
        expect((await ctx.backend.getAllFlags()).filter((f) => f.key === key)).toHaveLength(1);
      },
    },
    {
      id: 'concurrency.update-flag-one-winner',
      title: `${RACERS} parallel updateFlag from one version: exactly one succeeds, the rest get ConflictError`,
      async run(ctx) {
        const v1 = await seedFlag(ctx);
        const winner = await expectOneWinner(
          'updateFlag',
          racers.map((i) => ctx.backend.updateFlag({ ...v1, name: `writer-${i}` })),
        );
        expect(winner.version).toBe(2);
        expect(await ctx.backend.getFlag(v1.key)).toStrictEqual(winner);
      },
    },
    {
      id: 'concurrency.create-segment-one-winner',
      title: `${RACERS} parallel createSegment of one name: exactly one succeeds, the rest get ConflictError`,
      async run(ctx) {
        const name = ctx.unique('race');
        const winner = await expectOneWinner(
          'createSegment',
          racers.map((i) => ctx.backend.createSegment({ name, description: `writer-${i}` })),
        );
        expect(await ctx.backend.getSegmentByName(name)).toStrictEqual(winner);
        expect((await ctx.backend.getAllSegments()).filter((s) => s.name === name)).toHaveLength(1);
      },
    },
    {
      id: 'concurrency.update-segment-one-winner',
      title: `${RACERS} parallel updateSegment from one version: exactly one succeeds, the rest get ConflictError`,
      async run(ctx) {
        const v1 = await ctx.backend.createSegment(segmentInput(ctx));
        const winner = await expectOneWinner(
          'updateSegment',
          racers.map((i) => ctx.backend.updateSegment({ ...v1, description: `writer-${i}` })),
        );
        expect(winner.version).toBe(2);
        expect(await ctx.backend.getSegment(v1.id)).toStrictEqual(winner);
      },
    },
    {
      id: 'concurrency.create-phase-number-one-winner',
      title: `${RACERS} parallel createRolloutPhase of one phaseNumber: exactly one succeeds`,
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const winner = await expectOneWinner(
          'createRolloutPhase',
          racers.map((i) => ctx.backend.createRolloutPhase(rolloutPhaseInput(flag.id, 1, { targetPercentage: i }))),
        );
        expect(await ctx.backend.getRolloutPhases(flag.id)).toStrictEqual([winner]);
      },
    },
    {
      id: 'concurrency.claim-scheduled-change-one-winner',
      title: `${RACERS} owners claiming one scheduled change in parallel: exactly one gets true`,
      run: (ctx) => expectOneClaim(scheduledChangeKind, ctx),
    },
    {
      id: 'concurrency.claim-rollout-phase-one-winner',
      title: `${RACERS} owners claiming one rollout phase in parallel: exactly one gets true`,
      run: (ctx) => expectOneClaim(rolloutPhaseKind, ctx),
    },
    {
      id: 'concurrency.mark-executed-one-winner',
      title: `${RACERS} parallel marks of one scheduled change, and of one rollout phase, as executed: one true each`,
      async run(ctx) {
        for (const kind of [scheduledChangeKind, rolloutPhaseKind]) {
          const record = await kind.seed(ctx);
          const results = await Promise.all(
            racers.map((i) => kind.markExecuted(ctx.backend, record.id, new Date(), `marker-${i}`)),
          );
          expect(
            results.filter((result) => result === true),
            `marks of one ${kind.noun} that returned true`,
          ).toHaveLength(1);
          const winner = results.indexOf(true);
          expect((await kind.find(ctx.backend, record))?.outcome, "the outcome is the winner's").toBe(
            `marker-${winner}`,
          );
        }
      },
    },
    {
      id: 'concurrency.upsert-override-one-record',
      title: `${RACERS} parallel upserts of one override all succeed and leave one record with one id`,
      async run(ctx) {
        const flag = await seedFlag(ctx);
        const results = await Promise.all(
          racers.map((i) => ctx.backend.upsertOverride(overrideInput(flag.id, { value: i }))),
        );
        const listed = await ctx.backend.listOverrides(flag.id);
        expect(listed).toHaveLength(1);
        expect(new Set(results.map((o) => o.id)), 'every upsert reports the one record').toStrictEqual(
          new Set([listed[0]!.id]),
        );
        expect(racers).toContain(listed[0]!.value);
      },
    },
    {
      id: 'concurrency.distinct-writes-all-land',
      title: `${RACERS} parallel createFlag of distinct keys and upserts of distinct overrides all land`,
      async run(ctx) {
        const keys = racers.map(() => ctx.unique('many'));
        const created = await Promise.all(keys.map((key) => ctx.backend.createFlag({ key })));
        expect((await ctx.backend.getFlags(keys)).size, 'flags readable after parallel creates').toBe(RACERS);
        const flag = created[0]!;
        await Promise.all(
          racers.map((i) => ctx.backend.upsertOverride(overrideInput(flag.id, { entityId: `u-${i}` }))),
        );
        expect(await ctx.backend.listOverrides(flag.id), 'overrides readable after parallel upserts').toHaveLength(
          RACERS,
        );
      },
    },
  ],
});
