import type { ChangeType, FlagStatus, FlagType, Operator, OverrideEntityType, RecurrenceType } from './enums.js';
import type { JsonObject, JsonValue } from './json.js';

/**
 * What callers hand to the validating constructors and to a backend's create/upsert methods.
 * Omitted fields take the defaults documented on each field; `id` is generated (UUID v7) when absent;
 * `version`, `createdAt`, `updatedAt` are owned by the backend and ignored on create.
 */

/** Input for a {@link Condition}. */
export interface ConditionInput {
  attribute: string;
  operator: Operator;
  value?: JsonValue;
}

/** Input for a {@link FlagRule}. */
export interface FlagRuleInput {
  id?: string;
  /** @default `rule-<position + 1>` */
  name?: string;
  description?: string | null;
  /** @default the rule's position in the list */
  priority?: number;
  /** @default true */
  enabled?: boolean;
  /** @default [] */
  conditions?: ConditionInput[];
  /** @default true */
  serveEnabled?: boolean;
  /** @default null (required to match `flagType` on non-boolean flags) */
  serveValue?: JsonValue;
  /** @default null */
  rolloutPercentage?: number | null;
  /** A context field or attribute name. @default `targetingKey`, else `userId` */
  bucketBy?: string;
}

/** Input for a {@link FlagPrerequisite}. */
export interface FlagPrerequisiteInput {
  flagKey: string;
  variant?: string;
  value?: JsonValue;
}

/** Input for a {@link FlagVariant}. */
export interface FlagVariantInput {
  id?: string;
  key: string;
  /** @default the variant's key */
  name?: string;
  description?: string | null;
  /** @default {} */
  value?: JsonObject;
  weight: number;
}

/** Input for a {@link FeatureFlag}. */
export interface FeatureFlagInput {
  id?: string;
  key: string;
  /** @default the flag's key */
  name?: string;
  description?: string | null;
  /** @default "boolean" */
  flagType?: FlagType;
  /** @default "active" */
  status?: FlagStatus;
  /** @default false */
  defaultEnabled?: boolean;
  /** @default null; required (matching `flagType`) for string, number and json flags */
  defaultValue?: JsonValue;
  /** @default [] */
  tags?: string[];
  /** @default {} */
  metadata?: JsonObject;
  /** @default [] */
  prerequisites?: FlagPrerequisiteInput[];
  /** @default [] */
  rules?: FlagRuleInput[];
  /** @default [] */
  variants?: FlagVariantInput[];
  /** A context field or attribute name for the variant split. @default `targetingKey`, else `userId` */
  bucketBy?: string;
  /** @default none (no variant is reported for the default value) */
  defaultVariant?: string;
  /** Ignored on writes: time schedules are written through the time-schedule methods. */
  timeSchedules?: unknown;
  /** Ignored on create; on update, the version the caller read (stale → ConflictError). @default 1 */
  version?: number;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Input for a {@link FlagOverride}. */
export interface FlagOverrideInput {
  id?: string;
  flagId: string;
  entityType: OverrideEntityType;
  entityId: string;
  /** @default true */
  enabled?: boolean;
  /** @default null */
  value?: JsonValue;
  /** @default null */
  expiresAt?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Input for a {@link Segment}. */
export interface SegmentInput {
  id?: string;
  name: string;
  description?: string | null;
  /** @default [] */
  conditions?: ConditionInput[];
  /** @default null */
  parentSegmentId?: string | null;
  /** @default true */
  enabled?: boolean;
  /** Ignored on create; on update, the version the caller read. @default 1 */
  version?: number;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Input for a {@link ScheduledFlagChange}. */
export interface ScheduledFlagChangeInput {
  id?: string;
  flagId: string;
  changeType: ChangeType;
  scheduledAt: Date;
  /** @default false */
  executed?: boolean;
  /** @default null */
  executedAt?: Date | null;
  /** @default null; required for `update_value` */
  newValue?: JsonValue;
  /** @default null; required (0–100) for `update_rollout` */
  newRolloutPercentage?: number | null;
  /** @default null */
  createdBy?: string | null;
  /** @default null */
  claimedBy?: string | null;
  /** @default null */
  claimExpiresAt?: Date | null;
  /** @default null */
  outcome?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Input for a {@link TimeSchedule}. */
export interface TimeScheduleInput {
  id?: string;
  flagId: string;
  /** @default "" */
  name?: string;
  recurrenceType: RecurrenceType;
  /** @default "00:00" */
  startTime?: string;
  /** @default "23:59:59" */
  endTime?: string;
  /** @default null; required for weekly */
  daysOfWeek?: number[] | null;
  /** @default null; required for monthly */
  daysOfMonth?: number[] | null;
  /** @default null; required for cron */
  cronExpression?: string | null;
  /** @default "UTC" */
  timezone?: string;
  /** @default true */
  enabled?: boolean;
  /** @default null */
  validFrom?: Date | null;
  /** @default null */
  validUntil?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Input for a {@link RolloutPhase}. */
export interface RolloutPhaseInput {
  id?: string;
  flagId: string;
  phaseNumber: number;
  targetPercentage: number;
  scheduledAt: Date;
  /** @default false */
  executed?: boolean;
  /** @default null */
  executedAt?: Date | null;
  /** @default null */
  claimedBy?: string | null;
  /** @default null */
  claimExpiresAt?: Date | null;
  /** @default null */
  outcome?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}
