import type { StorageBackend } from '../storage/index.js';

/** What the scheduler applies: a {@link ScheduledFlagChange} (`change`) or a {@link RolloutPhase} (`phase`). */
export type ScheduledItemKind = 'change' | 'phase';

/** Names one scheduled change or rollout phase in a {@link SchedulerRunReport}. */
export interface ScheduledItemRef {
  id: string;
  kind: ScheduledItemKind;
  flagId: string;
  /** What the item does, for logs: `enable`, `update_rollout 40%`, `phase 2: 50%`, … */
  action: string;
}

/** A due item this run applied and marked executed. */
export interface AppliedItem extends ScheduledItemRef {
  flagKey: string;
  /** The flag's version after the run. */
  flagVersion: number;
  /**
   * False when the flag already was in the target state (e.g. re-applying after a lost lease), so
   * no update was written.
   */
  changed: boolean;
}

/** A due item this run did not apply. */
export interface SkippedItem extends ScheduledItemRef {
  reason: string;
  /** True when this run marked it executed anyway (its flag is gone): it will not come back. */
  marked: boolean;
}

/** A due item whose application failed. */
export interface FailedItem extends ScheduledItemRef {
  reason: string;
  /**
   * True when the failure can never go away (the change does not fit its flag), so it was marked
   * executed with the reason as `outcome`; false when it stays pending and a later run retries it.
   */
  marked: boolean;
}

/** What one {@link FlagScheduler.runDue} did. */
export interface SchedulerRunReport {
  /** The scheduler's lease owner name. */
  owner: string;
  /** The instant items were due against. */
  now: Date;
  applied: AppliedItem[];
  skipped: SkippedItem[];
  failed: FailedItem[];
  /** Set when reading the store failed, which ends the run before anything is claimed. */
  error: string | null;
}

/** Options of {@link FlagScheduler}. */
export interface FlagSchedulerOptions {
  storage: StorageBackend;
  /** Pause between the end of one run and the start of the next, under `start()`. @default 10000 */
  intervalMs?: number;
  /**
   * How long a claim on one item lasts. Another scheduler may take the item over after this, so it
   * must comfortably exceed the time one apply takes (a claim, two reads and a write). @default 60000
   */
  leaseMs?: number;
  /** Decides which items are due (`scheduledAt <= clock()`) and stamps `executedAt`. @default () => new Date() */
  clock?: () => Date;
  /** Lease owner name; unique per scheduler instance. @default `scheduler-<uuid v7>` */
  owner?: string;
  /** Called with every run's report (for logging and metrics); what it throws is ignored. */
  onRun?: (report: SchedulerRunReport) => void;
  /** Attempts of a versioned update before giving up on an item until the next run. @default 5 */
  maxAttempts?: number;
}
