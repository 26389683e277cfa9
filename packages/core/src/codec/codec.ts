import type { FeatureFlag } from '../models/flag.js';
import type { FlagOverride } from '../models/override.js';
import type { RolloutPhase, ScheduledFlagChange, TimeSchedule } from '../models/schedule.js';
import type { Segment } from '../models/segment.js';

/** The model each {@link ModelKind} decodes to. */
export interface ModelsByKind {
  flag: FeatureFlag;
  override: FlagOverride;
  segment: Segment;
  scheduledChange: ScheduledFlagChange;
  timeSchedule: TimeSchedule;
  rolloutPhase: RolloutPhase;
}

/** Which model a serialised text holds. */
export type ModelKind = keyof ModelsByKind;

/** Any model {@link encodeModel} serialises. */
export type StoredModel = ModelsByKind[ModelKind];

const TIMESTAMPS = ['createdAt', 'updatedAt'] as const;
const SCHEDULE_DATES = ['validFrom', 'validUntil', ...TIMESTAMPS] as const;
const CLAIMED_DATES = ['scheduledAt', 'executedAt', 'claimExpiresAt', ...TIMESTAMPS] as const;

const DATE_FIELDS: Record<ModelKind, readonly string[]> = {
  flag: TIMESTAMPS,
  override: ['expiresAt', ...TIMESTAMPS],
  segment: TIMESTAMPS,
  scheduledChange: CLAIMED_DATES,
  timeSchedule: SCHEDULE_DATES,
  rolloutPhase: CLAIMED_DATES,
};

// Only the listed fields become Dates: a JSON value that merely looks like a date stays a string.
function reviveDates(target: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of fields) {
    const value = target[field];
    if (typeof value === 'string' || typeof value === 'number') target[field] = new Date(value);
  }
}

/**
 * Serialises a model to JSON text. Dates become ISO-8601 strings with milliseconds (`Date#toJSON`);
 * `null`s are kept; keys whose value is `undefined` are dropped (models never hold `undefined`).
 * A flag's `timeSchedules` are encoded too. The inverse is {@link decodeModel}.
 */
export function encodeModel(model: StoredModel): string {
  return JSON.stringify(model);
}

/**
 * Parses text written by {@link encodeModel} back into the model of `kind`, turning exactly that
 * kind's Date fields (and, for flags, the Date fields of each entry of `timeSchedules`) back into
 * `Date`s. `null` stays `null` and a missing key stays missing. It does not validate: it is the fast
 * path for data the backend wrote itself — validate untrusted text with the `create*` constructors.
 * @throws SyntaxError when `text` is not JSON.
 */
export function decodeModel<K extends ModelKind>(kind: K, text: string): ModelsByKind[K] {
  const model = JSON.parse(text) as Record<string, unknown>;
  reviveDates(model, DATE_FIELDS[kind]);
  if (kind === 'flag' && Array.isArray(model.timeSchedules)) {
    for (const schedule of model.timeSchedules) reviveDates(schedule as Record<string, unknown>, SCHEDULE_DATES);
  }
  return model as unknown as ModelsByKind[K];
}
