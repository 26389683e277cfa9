import type { ChangeType, RecurrenceType } from './enums.js';
import type { JsonValue } from './json.js';

/** A one-off change applied to a flag by the scheduler at `scheduledAt`. */
export interface ScheduledFlagChange {
  id: string;
  flagId: string;
  changeType: ChangeType;
  scheduledAt: Date;
  executed: boolean;
  executedAt: Date | null;
  /** New default value, for `update_value`. */
  newValue: JsonValue;
  /** New rollout percentage of every rule, for `update_rollout`. */
  newRolloutPercentage: number | null;
  createdBy: string | null;
  /** Scheduler bookkeeping: who holds the lease. */
  claimedBy: string | null;
  /** Scheduler bookkeeping: when the lease runs out. */
  claimExpiresAt: Date | null;
  /** Why the change was skipped or failed; `null` when applied normally. */
  outcome: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A recurring window during which a flag is on. */
export interface TimeSchedule {
  id: string;
  flagId: string;
  name: string;
  recurrenceType: RecurrenceType;
  /** `HH:MM` or `HH:MM:SS`, inclusive; may be later than `endTime` (wraps midnight). */
  startTime: string;
  /** `HH:MM` or `HH:MM:SS`, inclusive. */
  endTime: string;
  /** 0 = Monday … 6 = Sunday (weekly). */
  daysOfWeek: number[] | null;
  /** 1–31 (monthly). */
  daysOfMonth: number[] | null;
  /** Five- or six-field cron expression (cron). */
  cronExpression: string | null;
  /** IANA timezone the times are read in. @default "UTC" */
  timezone: string;
  enabled: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One step of a phased rollout: at `scheduledAt`, every rule's rollout becomes `targetPercentage`. */
export interface RolloutPhase {
  id: string;
  flagId: string;
  /** 1…, unique per flag. */
  phaseNumber: number;
  /** Integer 0–100. */
  targetPercentage: number;
  scheduledAt: Date;
  executed: boolean;
  executedAt: Date | null;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  outcome: string | null;
  createdAt: Date;
  updatedAt: Date;
}
