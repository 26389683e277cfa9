import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportEntries, type ImportMode, type ImportOptions, importEntries, readDocumentEntries } from '@flags/core';
import { validatedBySchema } from '../document-schema.js';
import { ProgressReporter } from '../output/progress.js';
import { printChange, printImportResult } from '../output/summary.js';
import type { Runtime } from '../runtime.js';
import { UsageError } from '../usage-error.js';

/** Options of `import`, `copy` and `import-litestar`. */
export interface WriteModeOptions {
  mode?: string;
  dryRun?: boolean;
}

const MODES: readonly ImportMode[] = ['merge', 'replace', 'create-only'];

export function importMode(value: string | undefined): ImportMode {
  const mode = (value ?? 'merge') as ImportMode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, got "${value}"`);
  return mode;
}

/** Import options wired to the terminal: progress on stderr, the diff on stdout for a dry run. */
export function importOptions(runtime: Runtime, options: WriteModeOptions, progress: ProgressReporter): ImportOptions {
  const dryRun = options.dryRun === true;
  return {
    mode: importMode(options.mode),
    dryRun,
    onProgress: progress.onProgress,
    onChange: dryRun ? (change) => printChange(runtime.io, runtime.json, change) : undefined,
  };
}

/** `flags export`: the store as an NDJSON document, to a file or stdout. */
export async function exportCommand(runtime: Runtime, options: { out?: string; flag?: string[] }): Promise<void> {
  const store = await runtime.open();
  const progress = new ProgressReporter(runtime);
  const out = options.out ? createWriteStream(options.out) : runtime.io.stdout;
  let records = 0;
  let chunk = '';
  const flush = async () => {
    if (chunk === '') return;
    const text = chunk;
    chunk = '';
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    for await (const entry of exportEntries(store, { flagKeys: options.flag })) {
      chunk += `${JSON.stringify(entry)}\n`;
      records++;
      if (chunk.length > 64 * 1024) {
        await flush();
        if (records > 1000) progress.onCount(records);
      }
    }
    await flush();
  } finally {
    progress.stop();
    if (options.out) {
      (out as ReturnType<typeof createWriteStream>).end();
      await once(out, 'close');
    }
  }
  if (options.out) runtime.io.stderr.write(`exported ${records - 1} records to ${options.out}\n`);
}

/**
 * A file the import can read twice (validation, then writes). Standard input (`-`) is spooled to a
 * temporary file first, since a pipe can be read only once.
 */
async function rereadable(path: string): Promise<{ path: string; cleanup: () => Promise<void> }> {
  if (path !== '-') return { path, cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'flags-import-'));
  const spooled = join(dir, 'stdin.ndjson');
  await pipeline(process.stdin, createWriteStream(spooled));
  return { path: spooled, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** `flags import FILE`: validates the whole document, then writes it. */
export async function importCommand(runtime: Runtime, file: string, options: WriteModeOptions): Promise<void> {
  const store = await runtime.open();
  const progress = new ProgressReporter(runtime);
  const input = await rereadable(file);
  try {
    const read = () =>
      validatedBySchema(
        readDocumentEntries(Readable.toWeb(createReadStream(input.path)) as ReadableStream<Uint8Array>),
      );
    const result = await importEntries(store, read, importOptions(runtime, options, progress));
    progress.stop();
    printImportResult(runtime.io, runtime.json, result);
  } finally {
    progress.stop();
    await input.cleanup();
  }
}

/** `flags copy --from URL --to URL`: an export of one store imported into another, streamed. */
export async function copyCommand(
  runtime: Runtime,
  options: WriteModeOptions & { from: string; to: string },
): Promise<void> {
  const [from, to] = await Promise.all([runtime.open(options.from), runtime.open(options.to)]);
  const progress = new ProgressReporter(runtime);
  try {
    const result = await importEntries(to, () => exportEntries(from), importOptions(runtime, options, progress));
    progress.stop();
    printImportResult(runtime.io, runtime.json, result);
  } finally {
    progress.stop();
  }
}
