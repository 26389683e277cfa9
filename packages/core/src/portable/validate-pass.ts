import { ValidationError, type ValidationIssue } from '../errors.js';
import type { FeatureFlag } from '../models/flag.js';
import type { RolloutPhase, ScheduledFlagChange, TimeSchedule } from '../models/schedule.js';
import type { Segment } from '../models/segment.js';
import type { StorageBackend } from '../storage/backend.js';
import { isRecord } from '../validation/primitives.js';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION } from './format.js';
import type { ImportProgress } from './import-options.js';
import { decodeRecord } from './records.js';

/** Everything of the input but its overrides (streamed again in the write pass), validated. */
export interface ImportPlan {
  records: number;
  overrides: number;
  segments: Segment[];
  flags: FeatureFlag[];
  timeSchedules: TimeSchedule[];
  scheduledChanges: ScheduledFlagChange[];
  rolloutPhases: RolloutPhase[];
  /** The store as it was when the import started. */
  storeFlags: FeatureFlag[];
  storeSegments: Segment[];
}

/** One error lists this many broken records at most. */
const MAX_ISSUES = 20;

/** The header's problem, or null. */
export function headerIssue(header: unknown): ValidationIssue | null {
  if (!isRecord(header) || header.format !== DOCUMENT_FORMAT) {
    return { path: 'record 1.format', message: `must be "${DOCUMENT_FORMAT}": this is not a @flags document` };
  }
  if (header.version !== DOCUMENT_VERSION) {
    return {
      path: 'record 1.version',
      message: `is ${JSON.stringify(header.version)}; this @flags/core reads version ${DOCUMENT_VERSION} (a newer version needs a newer @flags/core)`,
    };
  }
  return null;
}

function uniqueIn(seen: Map<string, number>, key: string, position: number, what: string): ValidationIssue | null {
  const first = seen.get(key);
  if (first !== undefined) return { path: `record ${position}`, message: `${what} is also record ${first}` };
  seen.set(key, position);
  return null;
}

/**
 * The first pass of an import: reads the whole input, validates every record with core's
 * constructors, and checks references (a flag id of a record names a flag of the input or of the
 * store; a segment's parent likewise) and uniqueness — before anything is written.
 * @throws ValidationError listing the first broken records with their place in the input.
 */
export async function validateInput(
  storage: StorageBackend,
  entries: AsyncIterable<unknown>,
  onProgress: ((progress: ImportProgress) => void) | undefined,
  progressEvery: number,
): Promise<ImportPlan> {
  const [storeFlags, storeSegments] = await Promise.all([storage.getAllFlags(), storage.getAllSegments()]);
  const storeFlagById = new Map(storeFlags.map((flag) => [flag.id, flag]));
  const storeFlagIds = new Set(storeFlagById.keys());
  const plan: ImportPlan = {
    records: 0,
    overrides: 0,
    segments: [],
    flags: [],
    timeSchedules: [],
    scheduledChanges: [],
    rolloutPhases: [],
    storeFlags,
    storeSegments,
  };
  const issues: ValidationIssue[] = [];
  let failed = 0;
  const fail = (issue: ValidationIssue | null) => {
    if (issue === null) return;
    failed++;
    if (issues.length < MAX_ISSUES) issues.push(issue);
  };
  const flagKeys = new Map<string, number>();
  const flagIds = new Map<string, number>();
  const segmentNames = new Map<string, number>();
  const segmentIds = new Map<string, number>();
  const recordIds = new Map<string, number>();
  const flagRefs: { flagId: string; position: number }[] = [];
  let refCheckAt = 10_000;

  let position = 0;
  for await (const entry of entries) {
    position++;
    if (position === 1) {
      const problem = headerIssue(entry);
      // A wrong header means the rest cannot be read with this version's rules.
      if (problem) throw new ValidationError([problem], 'document');
      continue;
    }
    plan.records++;
    if (plan.records % progressEvery === 0) onProgress?.({ phase: 'validate', done: plan.records, total: null });
    let decoded: ReturnType<typeof decodeRecord>;
    try {
      decoded = decodeRecord(entry, position);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      failed += error.issues.length - 1;
      for (const issue of error.issues) fail(issue);
      continue;
    }
    switch (decoded.kind) {
      case 'segment':
        fail(uniqueIn(segmentNames, decoded.model.name, position, `segment name "${decoded.model.name}"`));
        fail(uniqueIn(segmentIds, decoded.model.id, position, `segment id "${decoded.model.id}"`));
        plan.segments.push(decoded.model);
        break;
      case 'flag': {
        const flag = decoded.model;
        fail(uniqueIn(flagKeys, flag.key, position, `flag key "${flag.key}"`));
        fail(uniqueIn(flagIds, flag.id, position, `flag id "${flag.id}"`));
        const holder = storeFlagById.get(flag.id);
        if (holder !== undefined && holder.key !== flag.key) {
          fail({
            path: `record ${position}.id`,
            message: `"${flag.id}" is the id of flag "${holder.key}" in the store`,
          });
        }
        plan.flags.push(flag);
        break;
      }
      case 'override':
        plan.overrides++;
        flagRefs.push({ flagId: decoded.model.flagId, position });
        break;
      default: {
        const { kind, model } = decoded;
        fail(uniqueIn(recordIds, `${kind}:${model.id}`, position, `${kind} id "${model.id}"`));
        flagRefs.push({ flagId: model.flagId, position });
        if (kind === 'timeSchedule') plan.timeSchedules.push(model);
        else if (kind === 'scheduledChange') plan.scheduledChanges.push(model);
        else plan.rolloutPhases.push(model);
      }
    }
    // Overrides are validated and counted, never kept: the write pass reads them again.
    if (flagRefs.length >= refCheckAt) {
      checkFlagRefs(flagRefs, flagIds, storeFlagIds, fail);
      refCheckAt = Math.max(10_000, flagRefs.length * 2);
    }
  }
  if (position === 0)
    throw new ValidationError([{ path: 'record 1', message: 'is missing: the input is empty' }], 'document');
  checkFlagRefs(flagRefs, flagIds, storeFlagIds, fail, true);
  const storeSegmentIds = new Set(storeSegments.map((segment) => segment.id));
  for (const segment of plan.segments) {
    const parent = segment.parentSegmentId;
    if (parent !== null && !segmentIds.has(parent) && !storeSegmentIds.has(parent)) {
      fail({
        path: `record ${segmentIds.get(segment.id)}.parentSegmentId`,
        message: `names segment "${parent}", which is neither in the input nor in the store`,
      });
    }
  }
  if (issues.length > 0) {
    if (failed > issues.length) issues.push({ path: '', message: `and ${failed - issues.length} more` });
    throw new ValidationError(issues, 'document');
  }
  onProgress?.({ phase: 'validate', done: plan.records, total: plan.records });
  return plan;
}

// A record may come before the flag it belongs to, so references are checked once the flags are
// known; until then only unknown ids are kept (the input's flags are collected as they come).
function checkFlagRefs(
  refs: { flagId: string; position: number }[],
  fileFlagIds: Map<string, number>,
  storeFlagIds: Set<string>,
  fail: (issue: ValidationIssue) => void,
  final = false,
): void {
  const unresolved = refs.filter((ref) => !fileFlagIds.has(ref.flagId) && !storeFlagIds.has(ref.flagId));
  if (!final) {
    refs.length = 0;
    refs.push(...unresolved);
    return;
  }
  for (const ref of unresolved) {
    fail({
      path: `record ${ref.position}.flagId`,
      message: `names flag id "${ref.flagId}", which is neither in the input nor in the store`,
    });
  }
}
