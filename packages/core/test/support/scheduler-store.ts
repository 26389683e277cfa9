import { ConflictError, NotFoundError } from '../../src/errors.js';
import type {
  FeatureFlag,
  FeatureFlagInput,
  RolloutPhase,
  RolloutPhaseInput,
  ScheduledFlagChange,
  ScheduledFlagChangeInput,
} from '../../src/models/index.js';
import type { ScheduledChangeQuery, StorageBackend } from '../../src/storage/index.js';
import { createFlag, createRolloutPhase, createScheduledChange } from '../../src/validation/index.js';

/** The methods of {@link StorageBackend} a scheduler uses (plus what tests set up with). */
type SchedulerMethods = Pick<
  StorageBackend,
  | 'getFlag'
  | 'getAllFlags'
  | 'createFlag'
  | 'updateFlag'
  | 'deleteFlag'
  | 'getScheduledChanges'
  | 'createScheduledChange'
  | 'claimScheduledChange'
  | 'markScheduledChangeExecuted'
  | 'getRolloutPhases'
  | 'getPendingRolloutPhases'
  | 'createRolloutPhase'
  | 'claimRolloutPhase'
  | 'markRolloutPhaseExecuted'
>;
type Method = keyof SchedulerMethods;
type Leased = {
  executed: boolean;
  executedAt: Date | null;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  outcome: string | null;
};

const copy = <T>(value: T): T => structuredClone(value);
// Yield to the event loop on every call, as a real store does, so concurrent schedulers interleave.
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A small in-memory store with the scheduler's part of the protocol, for core's own tests (core
 * cannot import a backend package). It counts calls, and lets a test inject faults or run code just
 * before a call (to simulate another writer) — things a real store cannot do on demand.
 */
export class SchedulerStore implements SchedulerMethods {
  readonly flags = new Map<string, FeatureFlag>();
  readonly changes = new Map<string, ScheduledFlagChange>();
  readonly phases = new Map<string, RolloutPhase>();
  readonly calls = new Map<Method, number>();
  /** Runs before the named call; throwing from it makes the call reject. */
  readonly before = new Map<Method, () => void | Promise<void>>();
  /** Lease clock (ms); tests may replace it. */
  now: () => number = () => Date.now();

  /** This store typed as a full backend; the scheduler only touches the methods above. */
  get backend(): StorageBackend {
    return this as unknown as StorageBackend;
  }

  async #enter(method: Method): Promise<void> {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    await tick();
    await this.before.get(method)?.();
  }

  #byId(id: string): FeatureFlag | undefined {
    for (const flag of this.flags.values()) if (flag.id === id) return flag;
    return undefined;
  }

  async getFlag(key: string): Promise<FeatureFlag | null> {
    await this.#enter('getFlag');
    const flag = this.flags.get(key);
    return flag === undefined ? null : copy(flag);
  }

  async getAllFlags(): Promise<FeatureFlag[]> {
    await this.#enter('getAllFlags');
    return [...this.flags.values()].sort((a, b) => a.key.localeCompare(b.key)).map(copy);
  }

  async createFlag(input: FeatureFlagInput): Promise<FeatureFlag> {
    await this.#enter('createFlag');
    const flag = createFlag({ ...input, version: 1 });
    if (this.flags.has(flag.key)) throw new ConflictError(`flag ${flag.key} exists`);
    this.flags.set(flag.key, flag);
    return copy(flag);
  }

  async updateFlag(input: FeatureFlag | FeatureFlagInput): Promise<FeatureFlag> {
    await this.#enter('updateFlag');
    const flag = createFlag(input);
    const stored = this.flags.get(flag.key);
    if (stored === undefined || stored.id !== flag.id) throw new NotFoundError(`no flag ${flag.key}`);
    if (stored.version !== flag.version) throw new ConflictError(`stale version of ${flag.key}`);
    const next = { ...flag, version: stored.version + 1, createdAt: stored.createdAt, updatedAt: new Date() };
    this.flags.set(flag.key, next);
    return copy(next);
  }

  async deleteFlag(key: string): Promise<boolean> {
    await this.#enter('deleteFlag');
    const flag = this.flags.get(key);
    if (flag === undefined) return false;
    this.flags.delete(key);
    for (const [id, c] of this.changes) if (c.flagId === flag.id) this.changes.delete(id);
    for (const [id, p] of this.phases) if (p.flagId === flag.id) this.phases.delete(id);
    return true;
  }

  async getScheduledChanges(query: ScheduledChangeQuery = {}): Promise<ScheduledFlagChange[]> {
    await this.#enter('getScheduledChanges');
    const pendingOnly = query.pendingOnly ?? true;
    return [...this.changes.values()]
      .filter((c) => (!pendingOnly || !c.executed) && (query.flagId === undefined || c.flagId === query.flagId))
      .sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.id.localeCompare(b.id))
      .map(copy);
  }

  async createScheduledChange(input: ScheduledFlagChangeInput): Promise<ScheduledFlagChange> {
    await this.#enter('createScheduledChange');
    const change = createScheduledChange(input);
    if (this.#byId(change.flagId) === undefined) throw new NotFoundError(`no flag ${change.flagId}`);
    this.changes.set(change.id, change);
    return copy(change);
  }

  async claimScheduledChange(id: string, owner: string, leaseMs: number): Promise<boolean> {
    await this.#enter('claimScheduledChange');
    return this.#claim(this.changes.get(id), owner, leaseMs);
  }

  async markScheduledChangeExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    await this.#enter('markScheduledChangeExecuted');
    return this.#mark(this.changes.get(id), executedAt, outcome);
  }

  async getRolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    await this.#enter('getRolloutPhases');
    return [...this.phases.values()]
      .filter((p) => p.flagId === flagId)
      .sort((a, b) => a.phaseNumber - b.phaseNumber)
      .map(copy);
  }

  async getPendingRolloutPhases(): Promise<RolloutPhase[]> {
    await this.#enter('getPendingRolloutPhases');
    return [...this.phases.values()]
      .filter((p) => !p.executed)
      .sort(
        (a, b) =>
          a.scheduledAt.getTime() - b.scheduledAt.getTime() ||
          a.phaseNumber - b.phaseNumber ||
          a.id.localeCompare(b.id),
      )
      .map(copy);
  }

  async createRolloutPhase(input: RolloutPhaseInput): Promise<RolloutPhase> {
    await this.#enter('createRolloutPhase');
    const phase = createRolloutPhase(input);
    if (this.#byId(phase.flagId) === undefined) throw new NotFoundError(`no flag ${phase.flagId}`);
    this.phases.set(phase.id, phase);
    return copy(phase);
  }

  async claimRolloutPhase(id: string, owner: string, leaseMs: number): Promise<boolean> {
    await this.#enter('claimRolloutPhase');
    return this.#claim(this.phases.get(id), owner, leaseMs);
  }

  async markRolloutPhaseExecuted(id: string, executedAt: Date, outcome?: string | null): Promise<boolean> {
    await this.#enter('markRolloutPhaseExecuted');
    return this.#mark(this.phases.get(id), executedAt, outcome);
  }

  #claim(item: Leased | undefined, owner: string, leaseMs: number): boolean {
    if (item === undefined || item.executed) return false;
    const now = this.now();
    const leased = item.claimExpiresAt !== null && item.claimExpiresAt.getTime() > now;
    if (leased && item.claimedBy !== owner) return false;
    item.claimedBy = owner;
    item.claimExpiresAt = new Date(now + leaseMs);
    return true;
  }

  #mark(item: Leased | undefined, executedAt: Date, outcome: string | null | undefined): boolean {
    if (item === undefined || item.executed) return false;
    item.executed = true;
    item.executedAt = new Date(executedAt.getTime());
    item.outcome = outcome ?? null;
    return true;
  }
}
