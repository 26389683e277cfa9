import { ConflictError, FlagsError, NotFoundError, ValidationError, type ValidationIssue } from '../errors.js';
import type { FeatureFlag } from '../models/index.js';
import { checkStorageOption } from '../storage/check-backend.js';
import { LeaseLostError, type StorageBackend } from '../storage/index.js';
import { generateId } from '../util/ids.js';
import { type DueItem, readDueItems } from './due-items.js';
import type { FlagSchedulerOptions, ScheduledItemRef, SchedulerRunReport } from './types.js';

type ApplyResult = { kind: 'done'; flag: FeatureFlag; changed: boolean } | { kind: 'gone' } | { kind: 'lost' };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
const refOf = (item: DueItem): ScheduledItemRef => ({
  id: item.id,
  kind: item.kind,
  flagId: item.flagId,
  action: item.action,
});

function checkOptions(options: FlagSchedulerOptions): void {
  const issues: ValidationIssue[] = [];
  for (const field of ['intervalMs', 'leaseMs'] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      issues.push({ path: field, message: 'must be a positive number of milliseconds' });
    }
  }
  if (options.maxAttempts !== undefined && !(Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1)) {
    issues.push({ path: 'maxAttempts', message: 'must be an integer of at least 1' });
  }
  if (issues.length > 0) throw new ValidationError(issues, 'scheduler options');
}

/**
 * Applies due scheduled changes and rollout phases, safely with any number of schedulers on one store.
 *
 * Each run reads the pending items (two reads), and when some are due (`scheduledAt <= now`) every
 * flag once (`getAllFlags`, to map the items' flag ids to keys), then walks the due items in
 * `scheduledAt` order. Per item: claim a lease → read the flag by key → write the change with a
 * versioned `updateFlag` (on ConflictError: renew the lease, re-read, retry) → mark it executed.
 * Every change is idempotent — a flag already in the target state is not written — so an item
 * re-applied after its lease ran out (a scheduler died between applying and marking) changes
 * nothing twice. When an item of a flag cannot finish in a run (leased elsewhere, or failed), the
 * later items of that flag wait for a later run, so one flag's changes never apply out of order.
 */
export class FlagScheduler {
  /** The lease owner name of this scheduler. */
  readonly owner: string;
  readonly #storage: StorageBackend;
  readonly #intervalMs: number;
  readonly #leaseMs: number;
  readonly #maxAttempts: number;
  readonly #clock: () => Date;
  readonly #onRun: ((report: SchedulerRunReport) => void) | undefined;
  // Runs are chained on this promise so that two never overlap, whoever starts them.
  #tail: Promise<unknown> = Promise.resolve();
  #started = false;
  #generation = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** @throws ValidationError when an interval, lease or attempt count is not positive. */
  constructor(options: FlagSchedulerOptions) {
    checkStorageOption(options.storage, 'FlagScheduler', ['getScheduledChanges', 'updateFlag']);
    checkOptions(options);
    this.#storage = options.storage;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#clock = options.clock ?? (() => new Date());
    this.#onRun = options.onRun;
    this.owner = options.owner ?? `scheduler-${generateId()}`;
  }

  /** Whether `start()` was called without a `stop()` after it. */
  get running(): boolean {
    return this.#started;
  }

  /**
   * Applies every item due at `now` and returns (and passes to `onRun`) what happened. Waits for a
   * run already in progress first. Never rejects: storage failures land in the report.
   * @param now @default the clock's time when the run starts
   */
  runDue(now?: Date): Promise<SchedulerRunReport> {
    const run = this.#tail.then(() => this.#run(now ?? this.#clock()));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Runs now, then again `intervalMs` after each run ends. Calling it while running does nothing. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const generation = ++this.#generation;
    this.#timer = setTimeout(() => void this.#tick(generation), 0);
  }

  /** Stops the loop and resolves once a run in progress has finished. Idempotent. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#tail;
  }

  async #tick(generation: number): Promise<void> {
    this.#timer = undefined;
    await this.runDue().catch(() => undefined);
    // A stop() — or a stop() then start() — during the run ends this loop.
    if (this.#started && generation === this.#generation) {
      this.#timer = setTimeout(() => void this.#tick(generation), this.#intervalMs);
    }
  }

  async #run(now: Date): Promise<SchedulerRunReport> {
    const report: SchedulerRunReport = { owner: this.owner, now, applied: [], skipped: [], failed: [], error: null };
    try {
      const items = await readDueItems(this.#storage, now);
      if (items.length > 0) {
        // Read after the items: a flag missing here was deleted, not created after the read.
        const flagKeys = new Map((await this.#storage.getAllFlags()).map((flag) => [flag.id, flag.key]));
        const heldUpBy = new Map<string, string>();
        for (const item of items) {
          const earlier = heldUpBy.get(item.flagId);
          if (earlier !== undefined) {
            report.skipped.push({ ...refOf(item), reason: `waits for ${earlier} of the same flag`, marked: false });
          } else if (!(await this.#process(item, flagKeys.get(item.flagId), report))) {
            heldUpBy.set(item.flagId, item.id);
          }
        }
      }
    } catch (error) {
      report.error = `[@flags/core] scheduler run failed: ${describe(error)}`;
    }
    try {
      this.#onRun?.(report);
    } catch {
      // A logging callback must not break the scheduler.
    }
    return report;
  }

  /** Applies one item and records the result; true when the item is finished (executed). */
  async #process(item: DueItem, flagKey: string | undefined, report: SchedulerRunReport): Promise<boolean> {
    const ref = refOf(item);
    try {
      if (!(await item.claim(this.owner, this.#leaseMs))) {
        report.skipped.push({ ...ref, reason: 'claimed by another scheduler, or already executed', marked: false });
        return false;
      }
      const result = await this.#apply(item, flagKey);
      if (result.kind === 'lost') {
        report.skipped.push({ ...ref, reason: 'lease lost to another scheduler', marked: false });
        return false;
      }
      if (result.kind === 'gone') {
        const reason = `flag ${item.flagId} no longer exists`;
        const marked = await this.#mark(item, `skipped: ${reason}`);
        report.skipped.push({ ...ref, reason, marked });
        return true;
      }
      if (!(await this.#mark(item, null))) {
        report.skipped.push({ ...ref, reason: 'executed by another scheduler meanwhile', marked: false });
        return true;
      }
      const { flag, changed } = result;
      report.applied.push({ ...ref, flagKey: flag.key, flagVersion: flag.version, changed });
      return true;
    } catch (error) {
      const reason = describe(error);
      if (!(error instanceof ValidationError)) {
        report.failed.push({ ...ref, reason, marked: false });
        return false;
      }
      // The item does not fit its flag and never will: retire it with the reason instead of retrying forever.
      try {
        const marked = await this.#mark(item, `failed: ${reason}`);
        report.failed.push({ ...ref, reason, marked });
        return true;
      } catch (markError) {
        report.failed.push({ ...ref, reason: `${reason}; marking failed: ${describe(markError)}`, marked: false });
        return false;
      }
    }
  }

  /**
   * Marks the item executed under this scheduler's lease; false when another scheduler executed it or
   * took it over meanwhile (its fenced mark was refused: that scheduler marks it).
   */
  async #mark(item: DueItem, outcome: string | null): Promise<boolean> {
    try {
      return await item.markExecuted(this.#clock(), outcome, this.owner);
    } catch (error) {
      if (error instanceof LeaseLostError) return false;
      throw error;
    }
  }

  async #apply(item: DueItem, flagKey: string | undefined): Promise<ApplyResult> {
    if (flagKey === undefined) return { kind: 'gone' };
    for (let attempt = 1; ; attempt++) {
      // Always the fresh flag: deciding "already in the target state" on a stale copy would skip a change.
      const flag = await this.#storage.getFlag(flagKey);
      if (flag === null || flag.id !== item.flagId) return { kind: 'gone' };
      const update = item.plan(flag);
      if (update === null) return { kind: 'done', flag, changed: false };
      try {
        // Fenced: if the lease ran out and another scheduler took the item over, the store refuses the write.
        const flag = await this.#storage.updateFlag(update, { fence: item.fence(this.owner) });
        return { kind: 'done', flag, changed: true };
      } catch (error) {
        if (error instanceof LeaseLostError) return { kind: 'lost' };
        if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
        if (attempt >= this.#maxAttempts) {
          throw new FlagsError(`[@flags/core] flag "${flagKey}" kept changing; gave up after ${attempt} attempts`);
        }
        // The flag changed under us; before applying again make sure no other scheduler took the item over.
        if (!(await item.claim(this.owner, this.#leaseMs))) return { kind: 'lost' };
      }
    }
  }
}
