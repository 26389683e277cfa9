import type { StorageBackend } from '../storage/backend.js';
import { deleteMissing } from './delete-missing.js';
import { type ExportOptions, exportEntries } from './export.js';
import type { ImportOptions, ImportResult } from './import-options.js';
import { type DocumentSource, readDocumentEntries } from './ndjson.js';
import { validateInput } from './validate-pass.js';
import { WriteContext } from './write-context.js';
import { writeOverrides } from './write-overrides.js';
import { writeFlags, writeRolloutPhases, writeSchedules, writeSegments } from './write-records.js';

/**
 * Imports document entries (the header, then records as parsed JSON) into `storage`, reading them
 * twice: the first pass validates every record and reference and writes nothing, so a bad record
 * anywhere fails the import with a `ValidationError` naming its place before the first write; the
 * second pass writes. Only the overrides are streamed on the second pass; the other records (flags,
 * segments, schedules, phases) are kept between passes. Re-running an import changes nothing: records
 * the store already holds unchanged are not written.
 *
 * Writes are versioned: a flag or segment changed by someone else during the import fails it with a
 * `ConflictError` instead of being overwritten (run it again: it picks up where it stopped).
 * @param entries called once per pass; each call must yield the same entries.
 */
export async function importEntries(
  storage: StorageBackend,
  entries: () => AsyncIterable<unknown>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const plan = await validateInput(storage, entries(), options.onProgress, batchSize);
  const mode = options.mode ?? 'merge';
  const ctx = new WriteContext(
    storage,
    mode,
    options.dryRun ?? false,
    options.concurrency ?? 16,
    options.onChange,
    plan.records,
    batchSize,
  );
  await writeSegments(ctx, plan);
  await writeFlags(ctx, plan);
  await writeSchedules(ctx, plan);
  await writeRolloutPhases(ctx, plan);
  const seen = mode === 'replace' ? new Set<string>() : null;
  await writeOverrides(ctx, entries(), {
    batchSize,
    nowMs: (options.clock?.() ?? new Date()).getTime(),
    total: plan.records,
    onProgress: options.onProgress,
    seen,
  });
  if (seen !== null) await deleteMissing(ctx, plan, seen);
  return ctx.result;
}

/**
 * Imports a portable document (NDJSON, or the whole-object form) into `storage`; see
 * {@link importEntries} for the two passes and the modes.
 * @param source called once per pass, each time returning the document from its start — e.g.
 *   `() => Readable.toWeb(createReadStream(path))` on Node, `() => text` for a string.
 * @throws ValidationError when any record is invalid (nothing is written).
 */
export function importDocument(
  storage: StorageBackend,
  source: () => DocumentSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return importEntries(storage, () => readDocumentEntries(source()), options);
}

/**
 * Copies everything of `from` into `to` (an export piped into an import, never held whole in
 * memory): with `mode: "replace"`, `to` ends equal to `from`.
 */
export function copyStorage(
  from: StorageBackend,
  to: StorageBackend,
  options: ImportOptions & Pick<ExportOptions, 'flagKeys'> = {},
): Promise<ImportResult> {
  return importEntries(to, () => exportEntries(from, { flagKeys: options.flagKeys }), options);
}
