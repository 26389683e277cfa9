/**
 * Redis topologies: `getFlag`, `getAllActiveFlags` over 1,000 flags and a versioned `updateFlag`
 * through `RedisStorageBackend.create({ url })` on a Sentinel topology (1 master, 1 replica,
 * 3 sentinels) and a Cluster (3 masters, 3 replicas), against a single redis-server started the same
 * way, all on loopback in this run. Ratios are the single node's time ÷ the topology's (1 = as fast;
 * below 1 = slower). Writes `bench/results/redis-topologies.json`. Needs `redis-server` and `redis-cli`.
 */
import { RedisStorageBackend } from '@flags/storage-redis';
import {
  ClusterTopology,
  SentinelTopology,
  startStandalone,
} from '../../packages/storage-redis/test/support/topology.js';
import { type Measurement, measure } from './measure.js';
import { FLAG_COUNT, flagKey, seedFlags } from './redis-fixture.js';
import type { BenchSuite, Reporter } from './types.js';

interface Target {
  name: string;
  url: string;
}

/** Rounds per operation; each topology keeps its best. */
const ROUNDS = 3;

type Operation = 'getFlag' | 'getAllActiveFlags' | 'updateFlag';

const LABELS: Record<Operation, string> = {
  getFlag: 'getFlag',
  getAllActiveFlags: `getAllActiveFlags (${FLAG_COUNT} flags)`,
  updateFlag: 'updateFlag (versioned: GET + compare-and-set script)',
};

/** One topology's backend, seeded, with the three operations ready to time. */
async function prepare(
  target: Target,
): Promise<{ name: string; run: Record<Operation, () => Promise<unknown>>; close: () => Promise<void> }> {
  // A hash-tagged prefix everywhere, so every topology stores the same keys in one slot.
  const backend = await RedisStorageBackend.create({ url: target.url, prefix: '{bench}:' });
  await seedFlags(backend);
  let flag = (await backend.getFlag(flagKey(0)))!;
  return {
    name: target.name,
    run: {
      getFlag: () => backend.getFlag(flagKey(1)),
      getAllActiveFlags: () => backend.getAllActiveFlags(),
      updateFlag: async () => {
        flag = await backend.updateFlag({ ...flag, description: `v${flag.version}` });
      },
    },
    close: () => backend.close(),
  };
}

/**
 * Every operation on every topology, operation by operation (single node first, its time the
 * reference), after a warm-up pass over all of them so no topology pays for the JIT.
 */
async function timeAll(report: Reporter, targets: Target[]): Promise<void> {
  const prepared = [];
  for (const target of targets) prepared.push(await prepare(target));
  try {
    for (const { run } of prepared) {
      for (const fn of Object.values(run)) for (let i = 0; i < 200; i++) await fn();
    }
    for (const operation of Object.keys(LABELS) as Operation[]) {
      // Rounds alternate the topologies and each keeps its best round: on a shared machine the
      // least disturbed round is the one closest to the topology's own cost.
      const best = new Map<string, Measurement>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const { name, run } of prepared) {
          const m = await measure(`${name} ${LABELS[operation]}`, run[operation], { time: 500 });
          const kept = best.get(name);
          if (!kept || m.meanUs < kept.meanUs) best.set(name, m);
        }
      }
      const reference = best.get(prepared[0]!.name)!.meanUs;
      for (const { name } of prepared) {
        const m = best.get(name)!;
        const slowdown = m.meanUs / reference;
        report.add({
          name: `${name} ${LABELS[operation]}`,
          ...m,
          ratio: reference / m.meanUs,
          note: name === prepared[0]!.name ? 'reference' : `${slowdown.toFixed(2)}× the single node's time`,
        });
        console.log(`  ${name} ${LABELS[operation]}: ${m.meanUs.toFixed(0)} µs (${slowdown.toFixed(2)}× single)`);
      }
    }
  } finally {
    for (const { close } of prepared) await close();
  }
}

export const run: BenchSuite = async (report) => {
  const single = await startStandalone();
  const sentinel = new SentinelTopology();
  const cluster = new ClusterTopology();
  try {
    await Promise.all([sentinel.start(), cluster.start()]);
    report.meta('flags', FLAG_COUNT);
    report.meta('ratio', "single node's mean time ÷ this row's (1 = as fast as one redis-server)");
    await timeAll(report, [
      { name: 'single', url: single.url },
      { name: 'sentinel', url: sentinel.url() },
      { name: 'cluster', url: cluster.url },
    ]);
    await report.flush();
  } finally {
    await Promise.all([single.stop(), sentinel.stop(), cluster.stop()]);
  }
};
