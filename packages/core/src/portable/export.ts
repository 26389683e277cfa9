import type { StorageBackend } from '../storage/backend.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION, type PortableHeader, type PortableRecord } from './format.js';
import { toNdjsonStream } from './ndjson.js';
import { encodeRecord } from './records.js';
import { parentsFirst } from './segment-order.js';

/** Options of {@link exportEntries} and {@link exportDocument}. */
export interface ExportOptions {
  /** Only these flags (and their schedules, phases and overrides); segments are always all exported. @default every flag */
  flagKeys?: readonly string[];
  /** How many flags' overrides are read ahead while earlier ones are written out. @default 4 */
  readAhead?: number;
  /** When the export happened, for the header. @default () => new Date() */
  clock?: () => Date;
}

/**
 * The entries of a portable document of `storage`: the header, then segments (parents first), flags,
 * time schedules, scheduled changes, rollout phases and overrides. Overrides are read one flag at a
 * time (a few flags ahead, so reads overlap), so memory holds the flags and one flag's overrides,
 * never every override of the store. Expired overrides are not exported (no read returns them).
 */
export async function* exportEntries(
  storage: StorageBackend,
  options: ExportOptions = {},
): AsyncGenerator<PortableHeader | PortableRecord> {
  const clock = options.clock ?? (() => new Date());
  yield { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, exportedAt: clock().toISOString() };
  for (const segment of parentsFirst(await storage.getAllSegments())) yield encodeRecord('segment', segment);

  let flags = await storage.getAllFlags();
  if (options.flagKeys !== undefined) {
    const wanted = new Set(options.flagKeys);
    flags = flags.filter((flag) => wanted.has(flag.key));
  }
  const flagIds = new Set(flags.map((flag) => flag.id));
  for (const flag of flags) yield encodeRecord('flag', flag);
  for (const flag of flags) for (const schedule of flag.timeSchedules) yield encodeRecord('timeSchedule', schedule);
  for (const change of await storage.getScheduledChanges({ pendingOnly: false })) {
    if (flagIds.has(change.flagId)) yield encodeRecord('scheduledChange', change);
  }
  yield* readAhead(flags, options.readAhead ?? 4, (flag) => storage.getRolloutPhases(flag.id), 'rolloutPhase');
  yield* readAhead(flags, options.readAhead ?? 4, (flag) => storage.listOverrides(flag.id), 'override');
}

async function* readAhead<T, K extends 'rolloutPhase' | 'override'>(
  items: readonly T[],
  depth: number,
  read: (item: T) => Promise<Parameters<typeof encodeRecord<K>>[1][]>,
  kind: K,
): AsyncGenerator<PortableRecord> {
  const pending: Promise<Parameters<typeof encodeRecord<K>>[1][]>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < Math.max(1, depth) && next < items.length) {
      const reading = read(items[next++] as T);
      // Handled when its turn comes; without this an early failure would be reported as unhandled.
      reading.catch(() => {});
      pending.push(reading);
    }
  };
  fill();
  while (pending.length > 0) {
    const models = await (pending.shift() as Promise<Parameters<typeof encodeRecord<K>>[1][]>);
    fill();
    for (const model of models) yield encodeRecord(kind, model);
  }
}

/**
 * A portable document of `storage` as NDJSON bytes (a web stream: pipe it to a file, an HTTP
 * response, or {@link importDocument}). See {@link exportEntries} for what it holds.
 * @example
 * const text = await new Response(exportDocument(storage)).text();
 */
export function exportDocument(storage: StorageBackend, options: ExportOptions = {}): ReadableStream<Uint8Array> {
  return toNdjsonStream(exportEntries(storage, options));
}
