import { mkdir, writeFile } from 'node:fs/promises';
import { arch, cpus, platform } from 'node:os';
import type { BenchRow, Reporter } from './types.js';

/** Where every suite writes `<suite>.json`: `bench/results/`. */
export const RESULTS_DIR = new URL('../results/', import.meta.url);

/** The machine a run happened on, written into every results file so numbers are comparable. */
export function machineInfo(): { cpu: string; cores: number; node: string; platform: string } {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    node: process.version,
    platform: `${platform()}-${arch()}`,
  };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** Renders rows as a fixed-width text table (console.table quotes strings and wastes width). */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['name', 'ops/s', 'mean µs', 'ratio', 'note'];
  const body = rows.map((row) => [
    row.name,
    formatNumber(row.opsPerSec),
    formatNumber(row.meanUs),
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.note ?? '',
  ]);
  const widths = header.map((title, col) => Math.max(title.length, ...body.map((cells) => cells[col]!.length)));
  const numeric = new Set([1, 2, 3]);
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (numeric.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Creates the reporter for one suite. Rows print as a table on `flush`, which also writes
 * `bench/results/<suite>.json` with the rows, the machine, the date and any `meta` facts.
 */
export function createReporter(suite: string): Reporter {
  const rows: BenchRow[] = [];
  const facts: Record<string, unknown> = {};
  return {
    suite,
    add(row) {
      rows.push({ suite, ...row });
    },
    meta(key, value) {
      facts[key] = value;
      console.log(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    },
    async flush(referenceName) {
      if (referenceName !== undefined) {
        const reference = rows.find((row) => row.name === referenceName);
        if (reference === undefined) throw new Error(`[@flags/bench] no row named "${referenceName}" in ${suite}`);
        for (const row of rows) row.ratio = row.opsPerSec / reference.opsPerSec;
      }
      console.log(`\n${formatTable(rows)}\n`);
      await mkdir(RESULTS_DIR, { recursive: true });
      const file = new URL(`${suite}.json`, RESULTS_DIR);
      const payload = { suite, date: new Date().toISOString(), machine: machineInfo(), ...facts, rows };
      await writeFile(file, `${JSON.stringify(payload, null, 2)}\n`);
      console.log(`  wrote bench/results/${suite}.json`);
    },
  };
}
