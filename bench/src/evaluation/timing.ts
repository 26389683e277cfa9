import { type Measurement, measure } from '../measure.js';
import type { PeerSystem } from './system.js';

/** Measuring time per system in ms: `BENCH_TIME_MS`, @default 1000. */
export const BENCH_TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1000) || 1000;

// Answers are summed into this so no engine can optimise an unused call away.
let sink = 0;

/**
 * Evaluations per second of `system`: one timed sample is a pass over all its rotating contexts
 * (awaiting each answer when the system is async), so the timer's cost is spread over 1,000 calls.
 */
export async function timeSystem(system: PeerSystem<unknown>): Promise<Measurement> {
  const contexts = system.contexts;
  const isAsync = system.evaluate(contexts[0]) instanceof Promise;
  const pass = isAsync
    ? async () => {
        let on = 0;
        for (const ctx of contexts) if (await system.evaluate(ctx)) on++;
        sink += on;
      }
    : () => {
        let on = 0;
        for (const ctx of contexts) if (system.evaluate(ctx)) on++;
        sink += on;
      };
  return measure(system.name, pass, { batch: contexts.length, time: BENCH_TIME_MS });
}

/** Read by the suite after timing, so the sums are observable. */
export function sinkValue(): number {
  return sink;
}
