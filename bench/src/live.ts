/**
 * The live suite: the live client (a snapshot of the store kept fresh by its change feed) on every
 * backend, beside LaunchDarkly's Node SDK reading the same flag from Redis in daemon mode:
 * - evaluations/s of the reference flag (1,000 rotating people, answers checked first);
 * - storage round trips/s an idle instance costs;
 * - propagation: a write through instance A until instance B's live client serves it, p50/p99;
 * - cold start (`ready()`, new connection included) with 1,000 and 10,000 flags;
 * - heap held for 10,000 flags + 100,000 cached entities (memory backend: the client's share only).
 * Writes `bench/results/live.json`. Targets (reported, never asserted) in TARGETS below.
 */

import { LiveFlagClient } from '@flags/core';
import { Redis } from 'ioredis';
import { type AgreementSummary, checkAgreement } from './evaluation/agreement.js';
import { makePeople } from './evaluation/fixture.js';
import { decideWithoutRollout, evaluateByHand, toFlatContext } from './evaluation/handwritten.js';
import { engineSystem } from './evaluation/ours.js';
import type { PeerSystem } from './evaluation/system.js';
import { timeSystems } from './evaluation/timing.js';
import { type LiveTarget, TARGETS } from './live/backends.js';
import { measureColdStart, seedFlags } from './live/cold-start.js';
import { countCalls, sleep } from './live/counting.js';
import { liveSystems } from './live/evaluations.js';
import { measureFootprint } from './live/footprint.js';
import { launchDarklySystem } from './live/launchdarkly.js';
import { measurePropagation } from './live/propagation.js';
import type { BenchSuite } from './types.js';

const TARGETS_TEXT = {
  evaluations: '≥ 1,000,000/s on every backend and ≥ 4× LaunchDarkly (cached)',
  propagation: 'p99 ≤ 50 ms on PostgreSQL and Redis (push); ≤ pollMs (1 s) + one round trip elsewhere',
  coldStart: '≤ 1 s for 10,000 flags on PostgreSQL',
};
const IDLE_WINDOW_MS = 10_000;
const LD_NAME = 'LaunchDarkly Node SDK, Redis daemon mode (cached)';

function redisOptions() {
  const url = new URL(process.env.FLAGS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  return { host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0) };
}

/** Runs the live suite. */
export const run: BenchSuite = async (report) => {
  const people = makePeople();
  const flat = people.map(toFlatContext);
  const expected = flat.map((ctx) => evaluateByHand(ctx));
  const decided = flat.map(decideWithoutRollout);
  const targets: LiveTarget[] = [];
  const closers: (() => Promise<void> | void)[] = [];
  const redis = new Redis(process.env.FLAGS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    for (const make of TARGETS) targets.push(await make());
    report.meta('targets', TARGETS_TEXT);

    // 1. Evaluations per second.
    const engine = engineSystem(people);
    const systems: PeerSystem<unknown>[] = [engine];
    for (const target of targets) {
      const live = await liveSystems(target, people);
      closers.push(live.close);
      systems.push(live.sync, live.async);
    }
    const ld = await launchDarklySystem(people, redis, redisOptions(), `ld-bench-${Date.now().toString(36)}`);
    closers.push(() => ld.dispose());
    systems.push(ld);
    const agreement: AgreementSummary[] = [];
    for (const system of systems) agreement.push(await checkAgreement(system, expected, decided));
    report.meta('agreement', agreement);
    const measured = await timeSystems(systems);
    const ldOps = measured.get(ld)!.opsPerSec;
    for (const system of systems) {
      const { roundsOpsPerSec: _r, enabledPerPass: _e, ...m } = measured.get(system)!;
      report.add({ name: system.name, ...m, note: system.note });
    }
    for (const close of closers.splice(0)) await close();

    report.meta(
      'ratiosToLaunchDarkly',
      Object.fromEntries(systems.map((s) => [s.name, measured.get(s)!.opsPerSec / ldOps])),
    );

    // Each of the next parts is reported on its own: a failure in one leaves the others' figures.
    const part = async (name: string, work: () => Promise<unknown>) => {
      try {
        report.meta(name, await work());
      } catch (error) {
        report.meta(name, { failed: error instanceof Error ? error.message : String(error) });
      }
    };

    // 2. Round trips per second of an idle instance (all targets at once: they are idle).
    await part('idleRoundTripsPerSec', async () => {
      const idle: Record<string, number> = {};
      await Promise.all(
        targets.map(async (target) => {
          const counted = countCalls(await target.open());
          const client = new LiveFlagClient({ storage: counted.backend });
          await client.ready();
          counted.reset();
          await sleep(IDLE_WINDOW_MS);
          idle[target.name] = counted.calls() / (IDLE_WINDOW_MS / 1000);
          await client.close();
        }),
      );
      return idle;
    });

    // 3. Propagation.
    await part('propagation', async () => {
      const propagation: Record<string, unknown> = {};
      for (const target of targets) propagation[target.name] = await measurePropagation(target);
      return propagation;
    });

    // 4. Cold start with 1,000 and 10,000 flags, then the heap for 10,000 flags + 100,000 entities.
    await part('coldStart', async () => {
      const coldStart: Record<string, unknown> = {};
      for (const target of targets) {
        try {
          const writer = await target.open();
          await seedFlags(target, writer, 1000);
          const flags1000Ms = Math.round(await measureColdStart(target));
          await seedFlags(target, writer, 10_000);
          const flags10000Ms = Math.round(await measureColdStart(target));
          await writer.close();
          coldStart[target.name] = { flags1000Ms, flags10000Ms };
        } catch (error) {
          coldStart[target.name] = { failed: error instanceof Error ? error.message : String(error) };
        }
      }
      return coldStart;
    });
    await part('footprint', async () => {
      const memory = targets.find((t) => t.name === 'memory')!;
      return measureFootprint(await memory.open(), 100_000);
    });
    await report.flush(LD_NAME);
  } finally {
    for (const close of closers) await close();
    for (const target of targets) await target.dispose();
    redis.disconnect();
  }
};
