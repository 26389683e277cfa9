import { decodeModel, type ModelKind, type ModelsByKind } from '@flags/core';
import type { MemoryFeedSnapshot, MemoryStoreSnapshot } from '@flags/storage-memory';

/** What the file holds: the store's records and its change feed (absent in files from before the feed). */
export interface StoreFile {
  snapshot: MemoryStoreSnapshot;
  feed?: MemoryFeedSnapshot;
}

/** Bumped when the layout changes, so an old file is refused instead of misread. */
const FORMAT = 1;

/** The file's text: indented JSON (readable, diffable), Dates as ISO-8601 strings with milliseconds. */
export function serialiseSnapshot({ snapshot, feed }: StoreFile): string {
  return `${JSON.stringify({ format: FORMAT, ...snapshot, feed }, null, 2)}\n`;
}

// Core's codec knows which fields of each model are Dates and revives exactly those, so a JSON value
// in `metadata` that merely looks like a date stays a string.
function revive<K extends ModelKind>(kind: K, records: unknown): ModelsByKind[K][] {
  if (!Array.isArray(records)) throw new Error(`expected a list of ${kind} records`);
  return records.map((record) => decodeModel(kind, JSON.stringify(record)));
}

/**
 * Reads a file's text back into a snapshot (validated later, by `new MemoryStore(snapshot)`).
 * @throws Error when the text is not JSON of this format.
 */
export function parseSnapshot(text: string): StoreFile {
  const raw = JSON.parse(text) as Record<string, unknown>;
  if (raw.format !== FORMAT) throw new Error(`unknown file format ${String(raw.format)}`);
  // The feed holds plain JSON (numbers and strings), checked by `new MemoryStore(…, { feed })`.
  const feed = raw.feed as MemoryFeedSnapshot | undefined;
  return { snapshot: readRecords(raw), ...(feed === undefined ? {} : { feed }) };
}

function readRecords(raw: Record<string, unknown>): MemoryStoreSnapshot {
  return {
    flags: revive('flag', raw.flags),
    overrides: revive('override', raw.overrides),
    segments: revive('segment', raw.segments),
    scheduledChanges: revive('scheduledChange', raw.scheduledChanges),
    timeSchedules: revive('timeSchedule', raw.timeSchedules),
    rolloutPhases: revive('rolloutPhase', raw.rolloutPhases),
  };
}
