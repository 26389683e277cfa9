import { Bench } from 'tinybench';

/** Options of {@link measure}. */
export interface MeasureOptions {
  /**
   * Operations performed by one call of `fn`. Fast operations (sub-µs) should loop inside `fn`
   * so the timer's own cost (~50 ns per sample) does not swamp them; results are divided by it.
   * @default 1
   */
  batch?: number;
  /** Minimum measuring time in milliseconds. @default 1000 */
  time?: number;
  /** Warm-up time in milliseconds (lets the JIT settle). @default 250 */
  warmupTime?: number;
}

/** Throughput and mean latency of one operation. */
export interface Measurement {
  /** Operations per second. */
  opsPerSec: number;
  /** Mean time of one operation in microseconds. */
  meanUs: number;
  /** Number of timed samples (calls of `fn`). */
  samples: number;
}

/**
 * Times `fn` (sync or async) with tinybench and returns per-operation numbers.
 * Feed the result to `report.add({ name, ...m })` (drop `samples` or keep it in a note).
 */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const batch = options.batch ?? 1;
  const bench = new Bench({ time: options.time ?? 1000, warmupTime: options.warmupTime ?? 250 });
  bench.add(name, fn);
  await bench.run();
  const task = bench.getTask(name);
  const result = task?.result;
  if (result === undefined) throw new Error(`[@flags/bench] ${name} produced no result`);
  if (result.error !== undefined) throw result.error;
  const meanMs = result.latency.mean / batch;
  return { opsPerSec: 1000 / meanMs, meanUs: meanMs * 1000, samples: result.latency.samples.length };
}
