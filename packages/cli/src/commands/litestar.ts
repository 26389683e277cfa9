import { importEntries } from '@flags/core';
import { printJson, println } from '../io.js';
import type { LitestarData } from '../litestar/data.js';
import { litestarEntries } from '../litestar/entries.js';
import { readLitestarBootstrap } from '../litestar/read-bootstrap.js';
import { readLitestarRedis } from '../litestar/read-redis.js';
import { readLitestarSql } from '../litestar/read-sql.js';
import { LitestarReport } from '../litestar/report.js';
import { ProgressReporter } from '../output/progress.js';
import { printImportResult } from '../output/summary.js';
import type { Runtime } from '../runtime.js';
import { importOptions, type WriteModeOptions } from './transfer.js';

function readSource(from: string, prefix: string): Promise<LitestarData> {
  if (/^rediss?:\/\//i.test(from)) return readLitestarRedis(from, prefix);
  if (/\.json$/i.test(from)) return readLitestarBootstrap(from);
  return readLitestarSql(from);
}

/**
 * `flags import-litestar --from SOURCE`: reads litestar-flags data (its Redis layout, its SQL tables, or
 * a bootstrap JSON file), maps it to @flags records keeping ids (so rollout and variant buckets stay
 * the same), imports it like `flags import`, and reports every record not carried over exactly.
 */
export async function importLitestarCommand(
  runtime: Runtime,
  options: WriteModeOptions & { from: string; litestarPrefix: string },
): Promise<void> {
  const store = await runtime.open();
  const data = await readSource(options.from, options.litestarPrefix);
  const report = new LitestarReport();
  const progress = new ProgressReporter(runtime);
  try {
    const result = await importEntries(
      store,
      () => toAsync(litestarEntries(data, report)),
      importOptions(runtime, options, progress),
    );
    progress.stop();
    printImportResult(runtime.io, runtime.json, result);
  } finally {
    progress.stop();
  }
  if (runtime.json) {
    for (const note of report.notes) printJson(runtime.io, { type: 'note', ...note });
    return;
  }
  if (report.notes.length === 0) return;
  println(runtime.io, `${report.notes.length} litestar records not carried over exactly:`);
  for (const note of report.notes) println(runtime.io, `  ${note.action.padEnd(7)} ${note.source}: ${note.message}`);
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
