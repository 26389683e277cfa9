/**
 * The evaluation suite (issue 3, DESIGN §8): evaluations per second of the reference flag for
 * @flags and its peers, side by side in one process, after checking they all give the same answers;
 * then a 1,000-flag `getAllFlags` on the memory backend. Writes `bench/results/evaluation.json`.
 */
import { checkAgreement } from './evaluation/agreement.js';
import { BULK_FLAG_COUNT, measureAllFlags } from './evaluation/all-flags.js';
import { CONTEXT_COUNT, makePeople } from './evaluation/fixture.js';
import { growthBookSystem } from './evaluation/growthbook.js';
import { decideWithoutRollout, evaluateByHand, type FlatContext, toFlatContext } from './evaluation/handwritten.js';
import { openFeatureSystem } from './evaluation/openfeature.js';
import { clientSystem, engineSystem } from './evaluation/ours.js';
import type { PeerSystem } from './evaluation/system.js';
import { BENCH_TIME_MS, sinkValue, timeSystem } from './evaluation/timing.js';
import { unleashSystem } from './evaluation/unleash.js';
import type { BenchSuite } from './types.js';

/** Targets of issue 3 (measured and reported, never asserted). */
const TARGET_RATIO_TO_FASTEST_PEER = 2;
const TARGET_ALL_FLAGS_MS = 5;

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
  const systems: PeerSystem<unknown>[] = [engine as PeerSystem<unknown>];
  try {
    systems.push((await clientSystem(people)) as PeerSystem<unknown>);
    for (const make of [growthBookSystem, unleashSystem, openFeatureSystem]) {
      const peer = (await make(people)) as PeerSystem<unknown>;
      peers.push(peer);
      systems.push(peer);
    }
    systems.push(floorSystem(flat) as PeerSystem<unknown>);

    report.meta('flag', '3 rules × 3 conditions: semver, 100-id in-list, segment + 30% rollout; OR of rules');
    report.meta('contexts', CONTEXT_COUNT);
    report.meta('enabledFor', expected.filter(Boolean).length);
    report.meta('measureTimeMs', BENCH_TIME_MS);
    const agreement = [];
    for (const system of systems) agreement.push(await checkAgreement(system, expected, decided));
    report.meta('agreement', agreement);

    const measured = new Map<PeerSystem<unknown>, { opsPerSec: number; meanUs: number; samples: number }>();
    for (const system of systems) {
      const m = await timeSystem(system);
      measured.set(system, m);
      console.log(`  ${system.name}: ${Math.round(m.opsPerSec).toLocaleString('en-US')} ops/s`);
    }
    const reference = measured.get(engine as PeerSystem<unknown>)!.opsPerSec;
    for (const system of systems) {
      const m = measured.get(system)!;
      report.add({ name: system.name, ...m, ratio: m.opsPerSec / reference, note: system.note });
    }

    const bulk = await measureAllFlags(people);
    report.add({
      name: `@flags client getAllFlags, ${BULK_FLAG_COUNT} flags, memory`,
      ...bulk,
      note: `${(bulk.meanUs / 1000).toFixed(2)} ms per call (${BULK_FLAG_COUNT} evaluations)`,
    });

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
      getAllFlags1000Ms: {
        measured: Number(allFlagsMs.toFixed(3)),
        target: TARGET_ALL_FLAGS_MS,
        met: allFlagsMs < TARGET_ALL_FLAGS_MS,
      },
    });
    if (sinkValue() < 0) console.log('unreachable');
  } finally {
    for (const system of systems) await system.close();
  }
  await report.flush();
};
