import { ConflictError, NotFoundError } from '../../src/errors.js';
import type {
  FeatureFlag,
  FeatureFlagInput,
  FlagOverride,
  FlagOverrideInput,
  OverrideEntity,
  Segment,
  SegmentInput,
  TimeSchedule,
  TimeScheduleInput,
} from '../../src/models/index.js';
import type { StorageBackend } from '../../src/storage/index.js';
import { createFlag, createOverride, createSegment, createTimeSchedule } from '../../src/validation/index.js';

const copy = <T>(value: T): T => structuredClone(value);
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const unsupported = (name: string) => () => Promise.reject(new Error(`EvaluationStore does not implement ${name}`));

/**
 * A small in-memory store with the part of the protocol evaluation reads (flags with their time
 * schedules, overrides, segments), for core's own tests: core cannot import a backend package.
 * Scheduler methods reject. `raw` lets a test store data no write would accept (corrupt rows).
 */
export class EvaluationStore implements StorageBackend {
  readonly flags = new Map<string, FeatureFlag>();
  readonly overrides = new Map<string, FlagOverride>();
  readonly segments = new Map<string, Segment>();
  readonly schedules = new Map<string, TimeSchedule>();
  private revision = 0;
  private clock = 0;

  private stamp(): Date {
    // Strictly increasing, so every write changes `updatedAt` as a real store's clock would.
    this.clock = Math.max(Date.now(), this.clock + 1);
    this.revision++;
    return new Date(this.clock);
  }

  private withSchedules(flag: FeatureFlag): FeatureFlag {
    const out = copy(flag);
    out.timeSchedules = [...this.schedules.values()].filter((s) => s.flagId === flag.id).map(copy);
    return out;
  }

  /** Stores a flag as given, without validation (to simulate data written by something else). */
  raw(flag: FeatureFlag): void {
    this.flags.set(flag.key, flag);
  }

  async getFlag(key: string) {
    const flag = this.flags.get(key);
    return flag ? this.withSchedules(flag) : null;
  }
  async getFlags(keys: readonly string[]) {
    const out = new Map<string, FeatureFlag>();
    for (const key of keys) {
      const flag = this.flags.get(key);
      if (flag) out.set(key, this.withSchedules(flag));
    }
    return out;
  }
  async getAllActiveFlags() {
    return (await this.getAllFlags()).filter((f) => f.status === 'active');
  }
  async getAllFlags() {
    return [...this.flags.values()].sort(byKey).map((f) => this.withSchedules(f));
  }
  async createFlag(input: FeatureFlagInput) {
    const flag = createFlag(input);
    if (this.flags.has(flag.key)) throw new ConflictError(`flag ${flag.key} exists`);
    const now = this.stamp();
    const stored = { ...flag, version: 1, createdAt: now, updatedAt: now };
    this.flags.set(flag.key, stored);
    return this.withSchedules(stored);
  }
  async updateFlag(input: FeatureFlag | FeatureFlagInput) {
    const flag = createFlag(input);
    const current = this.flags.get(flag.key);
    if (!current || current.id !== flag.id) throw new NotFoundError(`flag ${flag.key} not found`);
    if (current.version !== flag.version) throw new ConflictError('stale version');
    const stored = { ...flag, version: current.version + 1, createdAt: current.createdAt, updatedAt: this.stamp() };
    this.flags.set(flag.key, stored);
    return this.withSchedules(stored);
  }
  async deleteFlag(key: string) {
    const flag = this.flags.get(key);
    if (!flag) return false;
    this.flags.delete(key);
    for (const [id, o] of this.overrides) if (o.flagId === flag.id) this.overrides.delete(id);
    for (const [id, s] of this.schedules) if (s.flagId === flag.id) this.schedules.delete(id);
    this.stamp();
    return true;
  }

  private live(o: FlagOverride): boolean {
    return o.expiresAt === null || o.expiresAt.getTime() > Date.now();
  }
  async getOverride(flagId: string, entityType: string, entityId: string) {
    const o = this.overrides.get(`${flagId}\n${entityType}\n${entityId}`);
    return o && this.live(o) ? copy(o) : null;
  }
  async getOverrides(flagId: string, entities: readonly OverrideEntity[]) {
    return this.getOverridesForFlags([flagId], entities);
  }
  async getOverridesForFlags(flagIds: readonly string[], entities: readonly OverrideEntity[]) {
    const out: FlagOverride[] = [];
    for (const flagId of flagIds) {
      for (const e of entities) {
        const o = this.overrides.get(`${flagId}\n${e.entityType}\n${e.entityId}`);
        if (o && this.live(o)) out.push(copy(o));
      }
    }
    return out;
  }
  async getOverridesForEntities(entities: readonly OverrideEntity[]) {
    const wanted = new Set(entities.map((e) => `${e.entityType}\n${e.entityId}`));
    return [...this.overrides.values()]
      .filter((o) => this.live(o) && wanted.has(`${o.entityType}\n${o.entityId}`))
      .map(copy);
  }
  async listOverrides(flagId: string) {
    return [...this.overrides.values()].filter((o) => o.flagId === flagId && this.live(o)).map(copy);
  }
  async upsertOverride(input: FlagOverrideInput) {
    const o = createOverride(input);
    if (![...this.flags.values()].some((f) => f.id === o.flagId)) throw new NotFoundError('no such flag');
    const key = `${o.flagId}\n${o.entityType}\n${o.entityId}`;
    const now = this.stamp();
    const previous = this.overrides.get(key);
    const stored = { ...o, id: previous?.id ?? o.id, createdAt: previous?.createdAt ?? now, updatedAt: now };
    this.overrides.set(key, stored);
    return copy(stored);
  }
  async deleteOverride(flagId: string, entityType: string, entityId: string) {
    this.stamp();
    return this.overrides.delete(`${flagId}\n${entityType}\n${entityId}`);
  }

  async getTimeSchedules(query?: { flagId?: string }) {
    return [...this.schedules.values()].filter((s) => !query?.flagId || s.flagId === query.flagId).map(copy);
  }
  async createTimeSchedule(input: TimeScheduleInput) {
    const s = createTimeSchedule(input);
    const now = this.stamp();
    const stored = { ...s, createdAt: now, updatedAt: now };
    this.schedules.set(s.id, stored);
    return copy(stored);
  }
  async updateTimeSchedule(input: TimeSchedule | TimeScheduleInput) {
    const s = createTimeSchedule(input);
    if (!this.schedules.has(s.id)) throw new NotFoundError('no such schedule');
    const stored = { ...s, updatedAt: this.stamp() };
    this.schedules.set(s.id, stored);
    return copy(stored);
  }
  async deleteTimeSchedule(id: string) {
    this.stamp();
    return this.schedules.delete(id);
  }

  async getSegment(id: string) {
    const s = this.segments.get(id);
    return s ? copy(s) : null;
  }
  async getSegmentByName(name: string) {
    const s = [...this.segments.values()].find((x) => x.name === name);
    return s ? copy(s) : null;
  }
  async getAllSegments() {
    return [...this.segments.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(copy);
  }
  async getChildSegments(parentId: string) {
    return (await this.getAllSegments()).filter((s) => s.parentSegmentId === parentId);
  }
  async createSegment(input: SegmentInput) {
    const s = createSegment(input);
    const now = this.stamp();
    const stored = { ...s, version: 1, createdAt: now, updatedAt: now };
    this.segments.set(s.id, stored);
    return copy(stored);
  }
  async updateSegment(input: Segment | SegmentInput) {
    const s = createSegment(input);
    const current = this.segments.get(s.id);
    if (!current) throw new NotFoundError('no such segment');
    const stored = { ...s, version: current.version + 1, createdAt: current.createdAt, updatedAt: this.stamp() };
    this.segments.set(s.id, stored);
    return copy(stored);
  }
  async deleteSegment(id: string) {
    this.stamp();
    return this.segments.delete(id);
  }

  getChanges = unsupported('getChanges');
  getScheduledChanges = unsupported('getScheduledChanges');
  createScheduledChange = unsupported('createScheduledChange');
  updateScheduledChange = unsupported('updateScheduledChange');
  deleteScheduledChange = unsupported('deleteScheduledChange');
  claimScheduledChange = unsupported('claimScheduledChange');
  markScheduledChangeExecuted = unsupported('markScheduledChangeExecuted');
  getRolloutPhases = unsupported('getRolloutPhases');
  getPendingRolloutPhases = unsupported('getPendingRolloutPhases');
  createRolloutPhase = unsupported('createRolloutPhase');
  claimRolloutPhase = unsupported('claimRolloutPhase');
  markRolloutPhaseExecuted = unsupported('markRolloutPhaseExecuted');
  deleteRolloutPhase = unsupported('deleteRolloutPhase');

  async getRevision() {
    return String(this.revision);
  }
  async healthCheck() {
    return true;
  }
  async close() {}
}
