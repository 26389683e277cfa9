import type { ModelsByKind } from '../codec/codec.js';
import { ValidationError } from '../errors.js';
import type { FeatureFlag } from '../models/flag.js';
import { createFlag } from '../validation/flag.js';
import { createOverride } from '../validation/override.js';
import { isRecord } from '../validation/primitives.js';
import { createRolloutPhase } from '../validation/rollout-phase.js';
import { createScheduledChange } from '../validation/scheduled-change.js';
import { createSegment } from '../validation/segment.js';
import { createTimeSchedule } from '../validation/time-schedule.js';
import { type PortableRecord, RECORD_KINDS, type RecordKind } from './format.js';

/** A validated record: its kind and the model core's constructor made of it. */
export type DecodedRecord = { [K in RecordKind]: { kind: K; model: ModelsByKind[K] } }[RecordKind];

const TIMESTAMPS = ['createdAt', 'updatedAt'];
const LEASED = ['scheduledAt', 'executedAt', 'claimExpiresAt', ...TIMESTAMPS];
const DATE_FIELDS: Record<RecordKind, readonly string[]> = {
  flag: TIMESTAMPS,
  override: ['expiresAt', ...TIMESTAMPS],
  segment: TIMESTAMPS,
  scheduledChange: LEASED,
  timeSchedule: ['validFrom', 'validUntil', ...TIMESTAMPS],
  rolloutPhase: LEASED,
};

// Records matched by id on import: without one, every import would add a new copy.
const ID_REQUIRED: ReadonlySet<RecordKind> = new Set(['scheduledChange', 'timeSchedule', 'rolloutPhase']);

const VALIDATE: { [K in RecordKind]: (input: never) => ModelsByKind[K] } = {
  flag: createFlag,
  override: createOverride,
  segment: createSegment,
  scheduledChange: createScheduledChange,
  timeSchedule: createTimeSchedule,
  rolloutPhase: createRolloutPhase,
};

function label(kind: RecordKind, data: Record<string, unknown>): string {
  if (kind === 'flag' && typeof data.key === 'string') return `flag "${data.key}"`;
  if (kind === 'segment' && typeof data.name === 'string') return `segment "${data.name}"`;
  if (kind === 'override' && typeof data.entityId === 'string')
    return `override of ${String(data.entityType)} "${data.entityId}"`;
  return typeof data.id === 'string' ? `${kind} "${data.id}"` : kind;
}

/**
 * Validates one record of a document (as parsed from JSON, or as {@link encodeRecord} made it) with
 * core's constructors, ids kept. ISO-8601 strings in the kind's date fields become `Date`s.
 * @param position the record's 1-based place in the document (the header is 1), for messages.
 * @throws ValidationError whose paths start with the record's place, e.g.
 *   `record 7 (flag "checkout").rules[0].operator`.
 */
export function decodeRecord(entry: unknown, position: number): DecodedRecord {
  const at = `record ${position}`;
  if (!isRecord(entry))
    throw new ValidationError([{ path: at, message: 'must be an object {"kind", "data"}' }], 'document');
  const { kind, data } = entry;
  if (typeof kind !== 'string' || !RECORD_KINDS.includes(kind as RecordKind)) {
    throw new ValidationError(
      [
        {
          path: `${at}.kind`,
          message: `must be one of ${RECORD_KINDS.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(kind)}`,
        },
      ],
      'document',
    );
  }
  const recordKind = kind as RecordKind;
  if (!isRecord(data)) throw new ValidationError([{ path: `${at}.data`, message: 'must be an object' }], 'document');
  const where = `${at} (${label(recordKind, data)})`;
  if (ID_REQUIRED.has(recordKind) && (typeof data.id !== 'string' || data.id === '')) {
    throw new ValidationError(
      [{ path: `${where}.id`, message: 'is required (records of this kind are matched by id)' }],
      'document',
    );
  }
  const input: Record<string, unknown> = { ...data };
  for (const field of DATE_FIELDS[recordKind]) {
    const value = input[field];
    if (typeof value === 'string') input[field] = new Date(value);
  }
  try {
    return { kind: recordKind, model: VALIDATE[recordKind](input as never) } as DecodedRecord;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues.map((issue) => ({
      path: issue.path ? `${where}.${issue.path}` : where,
      message: issue.message,
    }));
    throw new ValidationError(issues, 'document');
  }
}

/** The record of a model: its fields as they are, except a flag's `timeSchedules` (records of their own). */
export function encodeRecord<K extends RecordKind>(kind: K, model: ModelsByKind[K]): PortableRecord {
  if (kind === 'flag') {
    const { timeSchedules: _schedules, ...flag } = model as FeatureFlag;
    return { kind, data: flag as unknown as Record<string, unknown> };
  }
  return { kind, data: model as unknown as Record<string, unknown> };
}
