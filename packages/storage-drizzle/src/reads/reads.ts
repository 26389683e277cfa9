import type {
  ChangeBatch,
  FeatureFlag,
  FlagOverride,
  OverrideEntity,
  RolloutPhase,
  ScheduledFlagChange,
  Segment,
  TimeSchedule,
} from '@flags/core';
import { withDeadline } from '@flags/core/backend';
import type { ClosedGate } from '../backend/closed-gate.js';
import {
  decodeOverride,
  decodeRolloutPhase,
  decodeScheduledChange,
  decodeSegment,
  decodeTimeSchedule,
  parseDocument,
} from '../codec/decode.js';
import { FlagDecoder } from '../codec/flag-decoder.js';
import type { Dialect, PreparedQuery } from '../dialect/dialect.js';
import type { ErrorMapper } from '../errors/errors.js';
import { changeBatch } from '../feed/change-rows.js';
import { isStorableEntity, isStorableText, storableEntities } from '../lookups/storable.js';
import type { AnyDatabase } from '../schema/types.js';
import type { Statements } from './statements.js';

type StatementName = {
  [K in keyof Statements]: Statements[K] extends (handle: AnyDatabase) => AnyDatabase ? K : never;
}[keyof Statements];

type Params = Record<string, unknown>;

/**
 * Every read of the backend: one prepared statement each (prepared on first use — the tables may
 * not exist before `createTables` ran), its documents decoded into fresh models (flags through a
 * {@link FlagDecoder}, which copies an unchanged flag instead of parsing it again).
 */
export class Reads {
  private readonly prepared = new Map<string, PreparedQuery>();
  private readonly flagDecoder: FlagDecoder;

  constructor(
    private readonly db: AnyDatabase,
    private readonly statements: Statements,
    private readonly dialect: Dialect,
    private readonly errors: ErrorMapper,
    private readonly deadlineMs: number | undefined,
    private readonly now: () => Date,
    private readonly gate: ClosedGate,
    flagCacheSize?: number,
  ) {
    this.flagDecoder = new FlagDecoder(flagCacheSize);
  }

  private statement(name: string, build: () => AnyDatabase): PreparedQuery {
    let query = this.prepared.get(name);
    if (!query) {
      query = this.dialect.prepare(this.db, build(), `flags_${name}`);
      this.prepared.set(name, query);
    }
    return query;
  }

  /** The `doc` of every row of the named statement. */
  private async docs(operation: string, name: string, build: () => AnyDatabase, params: Params): Promise<unknown[]> {
    this.gate.check();
    try {
      const docs = this.dialect.docs(this.statement(name, build), params);
      if (Array.isArray(docs)) return docs;
      const ms = this.deadlineMs;
      return await withDeadline(docs, ms, () => this.errors.timeout(operation, ms ?? 0));
    } catch (error) {
      throw this.errors.storage(operation, error);
    }
  }

  private run(operation: string, name: StatementName, params: Params = {}): Promise<unknown[]> {
    return this.docs(
      operation,
      name,
      () => (this.statements[name] as (h: AnyDatabase) => AnyDatabase)(this.db),
      params,
    );
  }

  async flag(key: string): Promise<FeatureFlag | null> {
    if (!isStorableText(key)) return null;
    const [doc] = await this.run('getFlag', 'flagByKey', { key });
    return doc === undefined ? null : this.flagDecoder.decode(doc);
  }

  async flags(keys: readonly string[]): Promise<Map<string, FeatureFlag>> {
    const found = new Map<string, FeatureFlag>();
    const storable = keys.filter((key) => isStorableText(key));
    if (storable.length === 0) return found;
    for (const doc of await this.run('getFlags', 'flagsByKeys', { keys: JSON.stringify(storable) })) {
      const flag = this.flagDecoder.decode(doc);
      found.set(flag.key, flag);
    }
    return found;
  }

  async activeFlags(): Promise<FeatureFlag[]> {
    return (await this.run('getAllActiveFlags', 'activeFlags')).map((doc) => this.flagDecoder.decode(doc));
  }

  async allFlags(): Promise<FeatureFlag[]> {
    return (await this.run('getAllFlags', 'allFlags')).map((doc) => this.flagDecoder.decode(doc));
  }

  async override(flagId: string, entityType: string, entityId: string): Promise<FlagOverride | null> {
    if (!isStorableText(flagId) || !isStorableEntity({ entityType, entityId })) return null;
    const [doc] = await this.run('getOverride', 'override', { flagId, entityType, entityId, now: this.now() });
    return doc === undefined ? null : decodeOverride(parseDocument(doc));
  }

  async overrides(flagId: string, all: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    const entities = storableEntities(all);
    if (entities.length === 0 || !isStorableText(flagId)) return [];
    const params = { flagId, entities: pairs(entities), now: this.now() };
    return (await this.run('getOverrides', 'overridesOfEntities', params)).map((d) => decodeOverride(parseDocument(d)));
  }

  async overridesForFlags(allFlagIds: readonly string[], all: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    const flagIds = allFlagIds.filter((id) => isStorableText(id));
    const entities = storableEntities(all);
    if (flagIds.length === 0 || entities.length === 0) return [];
    const params = { flagIds: JSON.stringify(flagIds), entities: pairs(entities), now: this.now() };
    return (await this.run('getOverridesForFlags', 'overridesOfFlagsAndEntities', params)).map((d) =>
      decodeOverride(parseDocument(d)),
    );
  }

  async listOverrides(flagId: string): Promise<FlagOverride[]> {
    if (!isStorableText(flagId)) return [];
    const docs = await this.run('listOverrides', 'overridesOfFlag', { flagId, now: this.now() });
    return docs.map((d) => decodeOverride(parseDocument(d)));
  }

  async scheduledChanges(flagId: string | undefined, pendingOnly: boolean): Promise<ScheduledFlagChange[]> {
    const byFlag = flagId !== undefined;
    if (byFlag && !isStorableText(flagId)) return [];
    const name = `scheduledChanges_${byFlag}_${pendingOnly}`;
    const build = () => this.statements.scheduledChanges(this.db, byFlag, pendingOnly);
    const docs = await this.docs('getScheduledChanges', name, build, byFlag ? { flagId } : {});
    return docs.map((d) => decodeScheduledChange(parseDocument(d)));
  }

  async timeSchedules(flagId: string | undefined): Promise<TimeSchedule[]> {
    const byFlag = flagId !== undefined;
    if (byFlag && !isStorableText(flagId)) return [];
    const build = () => this.statements.timeSchedules(this.db, byFlag);
    const docs = await this.docs('getTimeSchedules', `timeSchedules_${byFlag}`, build, byFlag ? { flagId } : {});
    return docs.map((d) => decodeTimeSchedule(parseDocument(d)));
  }

  async rolloutPhases(flagId: string): Promise<RolloutPhase[]> {
    if (!isStorableText(flagId)) return [];
    const docs = await this.run('getRolloutPhases', 'rolloutPhasesOfFlag', { flagId });
    return docs.map((d) => decodeRolloutPhase(parseDocument(d)));
  }

  async pendingRolloutPhases(): Promise<RolloutPhase[]> {
    return (await this.run('getPendingRolloutPhases', 'pendingRolloutPhases')).map((d) =>
      decodeRolloutPhase(parseDocument(d)),
    );
  }

  async segment(id: string): Promise<Segment | null> {
    if (!isStorableText(id)) return null;
    const [doc] = await this.run('getSegment', 'segmentById', { id });
    return doc === undefined ? null : decodeSegment(parseDocument(doc));
  }

  async segmentByName(name: string): Promise<Segment | null> {
    if (!isStorableText(name)) return null;
    const [doc] = await this.run('getSegmentByName', 'segmentByName', { name });
    return doc === undefined ? null : decodeSegment(parseDocument(doc));
  }

  async allSegments(): Promise<Segment[]> {
    return (await this.run('getAllSegments', 'allSegments')).map((d) => decodeSegment(parseDocument(d)));
  }

  async childSegments(parentId: string): Promise<Segment[]> {
    if (!isStorableText(parentId)) return [];
    return (await this.run('getChildSegments', 'childSegments', { parentId })).map((d) =>
      decodeSegment(parseDocument(d)),
    );
  }

  async overridesForEntities(all: readonly OverrideEntity[]): Promise<FlagOverride[]> {
    const entities = storableEntities(all);
    if (entities.length === 0) return [];
    const params = { entities: pairs(entities), now: this.now() };
    return (await this.run('getOverridesForEntities', 'overridesOfAnyFlag', params)).map((d) =>
      decodeOverride(parseDocument(d)),
    );
  }

  /** The change feed after `since` (null: from the oldest kept), in one statement. */
  async changes(since: number | null, limit: number): Promise<ChangeBatch> {
    const docs = await this.run('getChanges', 'changesAfter', { since: since ?? 0, limit });
    return changeBatch(
      docs.map((doc) => parseDocument(doc)),
      since,
      limit,
    );
  }

  async revision(): Promise<string> {
    const [value] = await this.run('getRevision', 'revision');
    return String(value ?? 0);
  }
}

/** Entities as the JSON array of `[entityType, entityId]` pairs the statements take. */
function pairs(entities: readonly OverrideEntity[]): string {
  return JSON.stringify(entities.map((e) => [e.entityType, e.entityId]));
}
