import { type Measurement, measure } from '../measure.js';
import type { PeerSystem } from './system.js';

/** Measuring time per system and round in ms: `BENCH_TIME_MS`. @default 500 */
export const BENCH_TIME_MS = Number(process.env.BENCH_TIME_MS ?? 500) || 500;
/** Interleaved rounds per system (the median is reported): `BENCH_ROUNDS`. @default 3 */
export const BENCH_ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);

/** A system's median measurement plus every round's ops/s (to show the noise). */
export interface RoundedMeasurement extends Measurement {
  roundsOpsPerSec: number[];
  /**
   * `true` answers in the last timed pass over the contexts: the timed calls really ran and must
   * match the agreement check's count (it also keeps any engine from optimising the calls away).
   */
  enabledPerPass: number;
}

/**
 * Evaluations per second of `system`: one timed sample is a pass over all its rotating contexts
 * (awaiting each answer when the system is async), so the timer's cost is spread over 1,000 calls.
 */
async function timeOnce(system: PeerSystem<unknown>): Promise<Measurement & { enabledPerPass: number }> {
  const contexts = system.contexts;
  let enabledPerPass = -1;
  const isAsync = system.evaluate(contexts[0]) instanceof Promise;
  const pass = isAsync
    ? async () => {
        let on = 0;
        for (const ctx of contexts) if (await system.evaluate(ctx)) on++;
        enabledPerPass = on;
      }
    : () => {
        let on = 0;
        for (const ctx of contexts) if (system.evaluate(ctx)) on++;
        enabledPerPass = on;
      };
  const measurement = await measure(system.name, pass, { batch: contexts.length, time: BENCH_TIME_MS });
  return { ...measurement, enabledPerPass };
}

/**
 * Times every system in {@link BENCH_ROUNDS} interleaved rounds and keeps each one's median round,
 * so load from other processes during one stretch of the run hits all systems alike.
 */
export async function timeSystems(
  systems: readonly PeerSystem<unknown>[],
): Promise<Map<PeerSystem<unknown>, RoundedMeasurement>> {
  const rounds = new Map<PeerSystem<unknown>, (Measurement & { enabledPerPass: number })[]>(
    systems.map((system) => [system, []]),
  );
  for (let round = 0; round < BENCH_ROUNDS; round++) {
    for (const system of systems) rounds.get(system)!.push(await timeOnce(system));
  }
  const result = new Map<PeerSystem<unknown>, RoundedMeasurement>();
  for (const [system, measurements] of rounds) {
    const sorted = [...measurements].sort((a, b) => a.opsPerSec - b.opsPerSec);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    result.set(system, { ...median, roundsOpsPerSec: measurements.map((m) => Math.round(m.opsPerSec)) });
  }
  return result;
}
