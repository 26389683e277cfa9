import {
  decodeModel,
  type FeatureFlag,
  type FlagOverride,
  type ModelKind,
  type ModelsByKind,
  type RolloutPhase,
  type ScheduledFlagChange,
  type Segment,
  type TimeSchedule,
} from '@flags/core';

/** Everything one store holds. Every write replaces the whole file with the next document. */
export interface StoreDocument {
  /** Goes up by one on every write; `getRevision()` returns it, and it survives a reopen. */
  revision: number;
  /** Stored with `timeSchedules: []`: reads attach the flag's schedules from `timeSchedules`. */
  flags: FeatureFlag[];
  overrides: FlagOverride[];
  segments: Segment[];
  scheduledChanges: ScheduledFlagChange[];
  timeSchedules: TimeSchedule[];
  rolloutPhases: RolloutPhase[];
}

/** Bumped when the file layout changes, so an old file is refused instead of misread. */
const FORMAT = 1;

/** The document of a store that has never been written. */
export function emptyDocument(): StoreDocument {
  return {
    revision: 0,
    flags: [],
    overrides: [],
    segments: [],
    scheduledChanges: [],
    timeSchedules: [],
    rolloutPhases: [],
  };
}

/** The file's text: indented JSON (readable, diffable), Dates as ISO-8601 strings with milliseconds. */
export function serialiseDocument(document: StoreDocument): string {
  return `${JSON.stringify({ format: FORMAT, ...document }, null, 2)}\n`;
}

// Core's codec knows which fields of each model are Dates; it revives exactly those.
function revive<K extends ModelKind>(kind: K, rows: unknown): ModelsByKind[K][] {
  if (!Array.isArray(rows)) throw new Error(`expected a list of ${kind} records`);
  return rows.map((row) => decodeModel(kind, JSON.stringify(row)));
}

/**
 * Reads a file's text back into a document.
 * @throws Error when the text is not a document of this format.
 */
export function parseDocument(text: string): StoreDocument {
  const raw = JSON.parse(text) as Record<string, unknown>;
  if (raw.format !== FORMAT) throw new Error(`unknown file format ${String(raw.format)}`);
  return {
    revision: Number(raw.revision),
    flags: revive('flag', raw.flags),
    overrides: revive('override', raw.overrides),
    segments: revive('segment', raw.segments),
    scheduledChanges: revive('scheduledChange', raw.scheduledChanges),
    timeSchedules: revive('timeSchedule', raw.timeSchedules),
    rolloutPhases: revive('rolloutPhase', raw.rolloutPhases),
  };
}

/** What a document edit returns when it decided to change nothing: no file write, no new revision. */
export class Unchanged<T> {
  constructor(readonly answer: T) {}
}
