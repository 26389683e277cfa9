/**
 * Benchmark runner: `pnpm bench [suite…]` runs the named suites (all when none is named) one after
 * another in this process. Suites live in `./<name>.ts` and export `run: BenchSuite`; a missing
 * suite file is skipped with a notice, a failing suite is reported and makes the exit code 1.
 */
import { access } from 'node:fs/promises';
import { createReporter, machineInfo } from './report.js';
import type { BenchSuite } from './types.js';

/** Every suite, in run order. */
const SUITES = ['evaluation', 'drizzle', 'redis', 'redis-topologies', 'live', 'copy'] as const;

async function loadSuite(name: string): Promise<BenchSuite | undefined> {
  const here = new URL(`./${name}.ts`, import.meta.url);
  try {
    await access(here);
  } catch {
    return undefined;
  }
  const module = (await import(`./${name}.js`)) as { run?: BenchSuite; default?: BenchSuite };
  const suite = module.run ?? module.default;
  if (typeof suite !== 'function') throw new Error(`[@flags/bench] ${name}.ts exports no run(report) function`);
  return suite;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((arg) => arg !== '--');
  const unknown = requested.filter((name) => !(SUITES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`[@flags/bench] unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = requested.length > 0 ? requested : [...SUITES];
  const machine = machineInfo();
  console.log(`@flags bench · ${machine.cpu} × ${machine.cores} · node ${machine.node} · ${machine.platform}`);
  const failed: string[] = [];
  for (const name of selected) {
    console.log(`\n== ${name} ==`);
    try {
      const suite = await loadSuite(name);
      if (suite === undefined) {
        console.log(`  (skipped: bench/src/${name}.ts not present)`);
        continue;
      }
      await suite(createReporter(name));
    } catch (error) {
      failed.push(name);
      console.error(`  ${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  if (failed.length > 0) {
    console.error(`\n[@flags/bench] failed suites: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
