/**
 * The evaluation suite (issue 3, DESIGN §8): evaluations per second of the reference flag for
 * @flags and its peers, side by side in one process, after checking they all give the same answers;
 * then a 1,000-flag `getAllFlags` on the memory backend. The OpenFeature rows compare our provider
 * with the SDK's in-memory provider through the same SDK client, and the SDK floor bounds that ratio.
 * Writes `bench/results/evaluation.json`.
 */
import { type AgreementSummary, checkAgreement } from './evaluation/agreement.js';
import { BULK_FLAG_COUNT, measureAllFlags, referenceShape, smallShape } from './evaluation/all-flags.js';
import { CONTEXT_COUNT, makePeople } from './evaluation/fixture.js';
import { growthBookSystem } from './evaluation/growthbook.js';
import { decideWithoutRollout, evaluateByHand, type FlatContext, toFlatContext } from './evaluation/handwritten.js';
import { openFeatureSystem } from './evaluation/openfeature.js';
import { openFeatureFlagsSystem } from './evaluation/openfeature-flags.js';
import { openFeatureFloorSystem } from './evaluation/openfeature-floor.js';
import { clientSystem, engineSystem, prerequisiteEngineSystem } from './evaluation/ours.js';
import type { PeerSystem } from './evaluation/system.js';
import { BENCH_ROUNDS, BENCH_TIME_MS, timeSystems } from './evaluation/timing.js';
import { unleashSystem } from './evaluation/unleash.js';
import type { BenchSuite } from './types.js';

/** Targets of issue 3 (measured and reported, never asserted). */
const TARGET_RATIO_TO_FASTEST_PEER = 2;
const TARGET_ALL_FLAGS_MS = 5;
/** Our OpenFeature provider against the SDK's in-memory provider, both through the SDK client. */
const TARGET_PROVIDER_VS_IN_MEMORY = 1.5;

function floorSystem(contexts: FlatContext[]): PeerSystem<FlatContext> {
  return {
    name: 'hand-written JS (floor)',
    sameBuckets: true,
    note: 'the flag hard-coded; no SDK',
    contexts,
    evaluate: (ctx) => evaluateByHand(ctx),
    close: () => {},
  };
}

/** Runs the evaluation suite. */
export const run: BenchSuite = async (report) => {
  const people = makePeople();
  const flat = people.map(toFlatContext);
  const expected = flat.map((ctx) => evaluateByHand(ctx));
  const decided = flat.map(decideWithoutRollout);
  const engine = engineSystem(people);
  const peers: PeerSystem<unknown>[] = [];
  const systems: PeerSystem<unknown>[] = [engine];
  try {
    systems.push(prerequisiteEngineSystem(people));
    systems.push(await clientSystem(people));
    const provider = await openFeatureFlagsSystem(people);
    systems.push(provider);
    let inMemory: PeerSystem<unknown> | undefined;
    for (const make of [growthBookSystem, unleashSystem, openFeatureSystem]) {
      const peer = await make(people);
      if (make === openFeatureSystem) inMemory = peer;
      peers.push(peer);
      systems.push(peer);
    }
    const sdkFloor = await openFeatureFloorSystem(people);
    systems.push(sdkFloor);
    systems.push(floorSystem(flat));

    report.meta('flag', '3 rules × 3 conditions: semver, 100-id in-list, segment + 30% rollout; OR of rules');
    report.meta('contexts', CONTEXT_COUNT);
    report.meta('enabledFor', expected.filter(Boolean).length);
    report.meta('timing', `median of ${BENCH_ROUNDS} interleaved rounds of ${BENCH_TIME_MS} ms per system`);
    const agreement = new Map<PeerSystem<unknown>, AgreementSummary>();
    for (const system of systems) agreement.set(system, await checkAgreement(system, expected, decided));
    report.meta('agreement', [...agreement.values()]);

    const measured = await timeSystems(systems);
    const reference = measured.get(engine)!.opsPerSec;
    const rounds: Record<string, number[]> = {};
    for (const system of systems) {
      const { roundsOpsPerSec, enabledPerPass, ...m } = measured.get(system)!;
      if (enabledPerPass !== agreement.get(system)!.enabled) {
        throw new Error(`[@flags/bench] ${system.name} answered differently while timed (${enabledPerPass} on)`);
      }
      rounds[system.name] = roundsOpsPerSec;
      report.add({ name: system.name, ...m, ratio: m.opsPerSec / reference, note: system.note });
    }
    report.meta('roundsOpsPerSec', rounds);

    const bulk = await measureAllFlags(people, referenceShape);
    const small = await measureAllFlags(people, smallShape);
    for (const [shape, m] of [
      [referenceShape, bulk],
      [smallShape, small],
    ] as const) {
      report.add({
        name: `@flags client getAllFlags, ${BULK_FLAG_COUNT} ${shape.label}, memory`,
        ...m,
        note: `${(m.meanUs / 1000).toFixed(2)} ms per call (${BULK_FLAG_COUNT} evaluations)`,
      });
    }

    const fastestPeer = peers.reduce((best, peer) =>
      measured.get(peer)!.opsPerSec > measured.get(best)!.opsPerSec ? peer : best,
    );
    const ratioToFastest = reference / measured.get(fastestPeer)!.opsPerSec;
    const allFlagsMs = bulk.meanUs / 1000;
    report.meta('targets', {
      engineVsFastestPeer: {
        fastestPeer: fastestPeer.name,
        measured: Number(ratioToFastest.toFixed(2)),
        target: TARGET_RATIO_TO_FASTEST_PEER,
        met: ratioToFastest >= TARGET_RATIO_TO_FASTEST_PEER,
      },
      openFeatureProviderVsInMemory: {
        measured: Number((measured.get(provider)!.opsPerSec / measured.get(inMemory!)!.opsPerSec).toFixed(2)),
        sdkFloorVsInMemory: Number((measured.get(sdkFloor)!.opsPerSec / measured.get(inMemory!)!.opsPerSec).toFixed(2)),
        // The floor bounds every provider through the SDK: how much of it the provider reaches.
        providerVsSdkFloor: Number((measured.get(provider)!.opsPerSec / measured.get(sdkFloor)!.opsPerSec).toFixed(2)),
        target: TARGET_PROVIDER_VS_IN_MEMORY,
        met: measured.get(provider)!.opsPerSec / measured.get(inMemory!)!.opsPerSec >= TARGET_PROVIDER_VS_IN_MEMORY,
      },
      getAllFlags1000Ms: {
        measured: Number(allFlagsMs.toFixed(3)),
        target: TARGET_ALL_FLAGS_MS,
        met: allFlagsMs < TARGET_ALL_FLAGS_MS,
        oneRuleFlagsMs: Number((small.meanUs / 1000).toFixed(3)),
      },
    });
  } finally {
    for (const system of systems) await system.close();
  }
  await report.flush();
};
