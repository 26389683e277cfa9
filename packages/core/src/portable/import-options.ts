import type { RecordKind } from './format.js';

/**
 * How an import treats what the store already holds:
 * - `merge`: records of the file are created or updated (flags matched by key, segments by id then
 *   name, overrides by flag and entity, the rest by id); nothing else is touched.
 * - `replace`: as `merge`, then everything the file does not hold is deleted, so the store ends equal
 *   to the file.
 * - `create-only`: records the store lacks are created; existing ones are left as they are.
 */
export type ImportMode = 'merge' | 'replace' | 'create-only';

/** One write an import makes (or, with `dryRun`, would make). Unchanged records are not reported. */
export interface ImportChange {
  action: 'create' | 'update' | 'delete';
  kind: RecordKind;
  /** The record's id in the store. */
  id: string;
  /** A readable name: the flag key, segment name, `user:42 on checkout`, … */
  label: string;
}

/** Where an import is: `validate` is the first pass over the input, `write` the second. */
export interface ImportProgress {
  phase: 'validate' | 'write';
  /** Records done in this phase. */
  done: number;
  /** Records in the input, once the validation pass counted them (`null` before). */
  total: number | null;
}

/** Options of {@link importDocument}, {@link importEntries} and {@link copyStorage}. */
export interface ImportOptions {
  /** @default "merge" */
  mode?: ImportMode;
  /** Validate and work out every change, write nothing; changes still go to `onChange`. @default false */
  dryRun?: boolean;
  /** How many writes are in flight at once. @default 16 */
  concurrency?: number;
  /** How many overrides are read (to compare) and written per batch. @default 500 */
  batchSize?: number;
  /** Told each write, in the order they are decided. */
  onChange?: (change: ImportChange) => void;
  /** Told about progress every `batchSize` records and at the end of each phase. */
  onProgress?: (progress: ImportProgress) => void;
  /** "Now", for skipping overrides that have already expired. @default () => new Date() */
  clock?: () => Date;
}

/** Counts per kind of record. */
export type KindCounts = Record<RecordKind, number>;

/** What an import did (or, with `dryRun`, would do). */
export interface ImportResult {
  dryRun: boolean;
  /** Records read from the input (the header not counted). */
  records: number;
  created: KindCounts;
  updated: KindCounts;
  deleted: KindCounts;
  unchanged: KindCounts;
  /** Overrides of the input that had expired already: not written (no read would return them). */
  expiredOverrides: number;
}

export function emptyCounts(): KindCounts {
  return { segment: 0, flag: 0, timeSchedule: 0, scheduledChange: 0, rolloutPhase: 0, override: 0 };
}
