import type {
  FeatureFlag,
  FeatureFlagInput,
  FlagOverride,
  FlagOverrideInput,
  RolloutPhase,
  RolloutPhaseInput,
  ScheduledFlagChange,
  ScheduledFlagChangeInput,
  Segment,
  SegmentInput,
  TimeSchedule,
  TimeScheduleInput,
  ValidationIssue,
} from '@flags/core';
import {
  copyFlag,
  copyOverride,
  copyRolloutPhase,
  copyScheduledChange,
  copySegment,
  copyTimeSchedule,
  createFlag,
  createOverride,
  createRolloutPhase,
  createScheduledChange,
  createSegment,
  createTimeSchedule,
  ValidationError,
} from '@flags/core';
import { compareText } from './support.js';
import { addToIndex, createTables, type MemoryTables, overrideKey } from './tables.js';

/**
 * Every record of a {@link MemoryStore} as plain data: arrays of core's models (with `Date`s), in a
 * stable order (flags by key, segments by name then id, the rest by id), so two snapshots of the same
 * data are deep-equal and a file written from one diffs cleanly. Flags carry `timeSchedules: []`: the
 * schedules are listed once, in `timeSchedules`. Expired overrides are included (they are stored, only
 * invisible to reads). Serialise each record with core's `encodeModel`, or keep the object as it is
 * (it survives `structuredClone`).
 */
export interface MemoryStoreSnapshot {
  flags: FeatureFlag[];
  overrides: FlagOverride[];
  segments: Segment[];
  scheduledChanges: ScheduledFlagChange[];
  timeSchedules: TimeSchedule[];
  rolloutPhases: RolloutPhase[];
}

/**
 * What a {@link MemoryStore} can start from: a {@link MemoryStoreSnapshot}, or hand-written fixtures
 * (core's input types, so defaults apply). Given `id`s, `version`s and timestamps are kept; records
 * that point at a flag or a parent segment must name its `id`. @default every list empty
 */
export interface MemoryStoreSeed {
  flags?: readonly FeatureFlagInput[];
  overrides?: readonly FlagOverrideInput[];
  segments?: readonly SegmentInput[];
  scheduledChanges?: readonly ScheduledFlagChangeInput[];
  timeSchedules?: readonly TimeScheduleInput[];
  rolloutPhases?: readonly RolloutPhaseInput[];
}

const byId = (a: { id: string }, b: { id: string }): number => compareText(a.id, b.id);

/** Copies of every stored record, in the order {@link MemoryStoreSnapshot} promises. */
export function snapshotTables(tables: MemoryTables): MemoryStoreSnapshot {
  const flags = [...tables.flagsByKey.values()].sort((a, b) => compareText(a.key, b.key));
  const segments = [...tables.segmentsById.values()].sort((a, b) => compareText(a.name, b.name) || byId(a, b));
  return {
    flags: flags.map((flag) => copyFlag(flag, [])),
    overrides: [...tables.overridesById.values()].sort(byId).map(copyOverride),
    segments: segments.map(copySegment),
    scheduledChanges: [...tables.scheduledChanges.values()].sort(byId).map(copyScheduledChange),
    timeSchedules: [...tables.timeSchedules.values()].sort(byId).map(copyTimeSchedule),
    rolloutPhases: [...tables.rolloutPhases.values()].sort(byId).map(copyRolloutPhase),
  };
}

/** Collects the problems of a seed, each with its path in the seed (`flags[2].key`). */
class SeedIssues {
  readonly list: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** The record `create` builds from `input`, or `undefined` after noting its validation issues. */
  validate<I, T>(list: string, index: number, input: I, create: (input: I) => T): T | undefined {
    try {
      return create(input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues)
        this.add(`${list}[${index}]${issue.path ? `.${issue.path}` : ''}`, issue.message);
      return undefined;
    }
  }

  /** Notes a second record claiming a unique `value` of `what`; false when it is taken. */
  unique<K>(taken: Map<K, unknown> | Set<K>, value: K, path: string, what: string): boolean {
    if (!taken.has(value)) return true;
    this.add(path, `${what} ${JSON.stringify(value)} appears twice`);
    return false;
  }
}

/**
 * Tables holding every record of `seed`, validated by core's constructors and checked as the
 * backend's writes are (unique keys, names and ids; every `flagId` and `parentSegmentId` names a record
 * of the seed), with the given versions and timestamps kept.
 * @throws ValidationError listing every problem, with paths into the seed; nothing is built.
 */
export function tablesFromSeed(seed: MemoryStoreSeed): MemoryTables {
  const tables = createTables();
  const issues = new SeedIssues();
  (seed.flags ?? []).forEach((input, i) => {
    const flag = issues.validate('flags', i, input, createFlag);
    if (!flag) return;
    if (!issues.unique(tables.flagsByKey, flag.key, `flags[${i}].key`, 'flag key')) return;
    if (!issues.unique(tables.flagsById, flag.id, `flags[${i}].id`, 'flag id')) return;
    tables.flagsByKey.set(flag.key, flag);
    tables.flagsById.set(flag.id, flag);
  });
  const knownFlag = (flagId: string, path: string): boolean => {
    if (tables.flagsById.has(flagId)) return true;
    issues.add(path, `no flag of the seed has id ${JSON.stringify(flagId)}`);
    return false;
  };

  (seed.overrides ?? []).forEach((input, i) => {
    const override = issues.validate('overrides', i, input, createOverride);
    if (!override || !knownFlag(override.flagId, `overrides[${i}].flagId`)) return;
    if (!issues.unique(tables.overridesById, override.id, `overrides[${i}].id`, 'override id')) return;
    const byEntity = tables.overridesByFlag.get(override.flagId) ?? new Map<string, FlagOverride>();
    const key = overrideKey(override.entityType, override.entityId);
    if (byEntity.has(key)) {
      issues.add(`overrides[${i}]`, 'a second override of the same (flagId, entityType, entityId)');
      return;
    }
    byEntity.set(key, override);
    tables.overridesByFlag.set(override.flagId, byEntity);
    tables.overridesById.set(override.id, override);
  });

  const seedSegments: [Segment, number][] = [];
  (seed.segments ?? []).forEach((input, i) => {
    const segment = issues.validate('segments', i, input, createSegment);
    if (!segment) return;
    if (!issues.unique(tables.segmentIdsByName, segment.name, `segments[${i}].name`, 'segment name')) return;
    if (!issues.unique(tables.segmentsById, segment.id, `segments[${i}].id`, 'segment id')) return;
    tables.segmentsById.set(segment.id, segment);
    tables.segmentIdsByName.set(segment.name, segment.id);
    seedSegments.push([segment, i]);
  });
  // Parents are checked once every segment is in: a seed may list a child before its parent.
  for (const [segment, i] of seedSegments) {
    const parentId = segment.parentSegmentId;
    if (parentId === null) continue;
    if (tables.segmentsById.has(parentId)) addToIndex(tables.childIdsByParent, parentId, segment.id);
    else issues.add(`segments[${i}].parentSegmentId`, `no segment of the seed has id ${JSON.stringify(parentId)}`);
  }

  (seed.scheduledChanges ?? []).forEach((input, i) => {
    const change = issues.validate('scheduledChanges', i, input, createScheduledChange);
    if (!change || !knownFlag(change.flagId, `scheduledChanges[${i}].flagId`)) return;
    if (!issues.unique(tables.scheduledChanges, change.id, `scheduledChanges[${i}].id`, 'scheduled change id')) return;
    tables.scheduledChanges.set(change.id, change);
    addToIndex(tables.changeIdsByFlag, change.flagId, change.id);
  });

  (seed.timeSchedules ?? []).forEach((input, i) => {
    const schedule = issues.validate('timeSchedules', i, input, createTimeSchedule);
    if (!schedule || !knownFlag(schedule.flagId, `timeSchedules[${i}].flagId`)) return;
    if (!issues.unique(tables.timeSchedules, schedule.id, `timeSchedules[${i}].id`, 'time schedule id')) return;
    tables.timeSchedules.set(schedule.id, schedule);
    addToIndex(tables.scheduleIdsByFlag, schedule.flagId, schedule.id);
  });

  (seed.rolloutPhases ?? []).forEach((input, i) => {
    const phase = issues.validate('rolloutPhases', i, input, createRolloutPhase);
    if (!phase || !knownFlag(phase.flagId, `rolloutPhases[${i}].flagId`)) return;
    if (!issues.unique(tables.rolloutPhases, phase.id, `rolloutPhases[${i}].id`, 'rollout phase id')) return;
    const numbers = tables.phaseIdsByFlag.get(phase.flagId) ?? new Map<number, string>();
    if (!issues.unique(numbers, phase.phaseNumber, `rolloutPhases[${i}].phaseNumber`, 'phase number of one flag')) {
      return;
    }
    numbers.set(phase.phaseNumber, phase.id);
    tables.phaseIdsByFlag.set(phase.flagId, numbers);
    tables.rolloutPhases.set(phase.id, phase);
  });

  if (issues.list.length > 0) throw new ValidationError(issues.list, 'memory store seed');
  return tables;
}
