/** One measured row of a benchmark suite. */
export interface BenchRow {
  /** Suite the row belongs to, e.g. `evaluation`, `drizzle`, `redis`. */
  suite: string;
  /** What was measured, e.g. `@flags engine` or `postgres getFlag`. */
  name: string;
  /** Operations per second (throughput, mean over the run). */
  opsPerSec: number;
  /** Mean latency of one operation in microseconds. */
  meanUs: number;
  /** Throughput relative to the suite's reference row (reference = 1). Omitted when meaningless. */
  ratio?: number;
  /** Number of timed samples behind the numbers. */
  samples?: number;
  /** Free text shown beside the row (target, caveat, equivalence note). */
  note?: string;
}

/**
 * Collects rows for a suite, prints them and writes `bench/results/<suite>.json`.
 * Obtain one per suite from the runner; call `flush` once at the end of the suite.
 */
export interface Reporter {
  /** Name of the suite this reporter writes (also the results file name). */
  readonly suite: string;
  /** Records a row; `suite` is filled in by the reporter. */
  add(row: Omit<BenchRow, 'suite'>): void;
  /** Adds a labelled fact to the results JSON (e.g. `{ backend: 'postgres' }`) and prints it. */
  meta(key: string, value: unknown): void;
  /**
   * Sets every row's `ratio` against the row named `referenceName` (ops/s ÷ reference ops/s),
   * prints the table and writes the JSON file. Without a reference, ratios are left as given.
   */
  flush(referenceName?: string): Promise<void>;
}

/**
 * A benchmark suite; `bench/src/<name>.ts` exports it as `export const run: BenchSuite`. It gets its own reporter, adds rows, and calls `report.flush()` before it resolves.
 * A suite whose service is unreachable should throw an Error naming the service, URL and env var;
 * the runner prints it, marks the suite failed and goes on with the next suite.
 */
export type BenchSuite = (report: Reporter) => Promise<void>;
