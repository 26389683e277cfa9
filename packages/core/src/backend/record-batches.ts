import type { FeatureFlag } from '../models/flag.js';
import type {
  FeatureFlagInput,
  RolloutPhaseInput,
  ScheduledFlagChangeInput,
  TimeScheduleInput,
} from '../models/inputs.js';
import type { RolloutPhase, ScheduledFlagChange, TimeSchedule } from '../models/schedule.js';
import { createFlag } from '../validation/flag.js';
import { createRolloutPhase } from '../validation/rollout-phase.js';
import { createScheduledChange } from '../validation/scheduled-change.js';
import { createTimeSchedule } from '../validation/time-schedule.js';
import { requireRecordBatch } from './record-batch.js';

/**
 * Validates a `createFlags` batch before any write: every flag, and no key or id twice.
 * @throws ValidationError naming `[index].field` (nothing may be written then).
 */
export function requireFlagBatch(inputs: readonly FeatureFlagInput[]): FeatureFlag[] {
  return requireRecordBatch(inputs, createFlag, 'flags', (flag) => [
    ['key', flag.key],
    ['id', flag.id],
  ]);
}

/**
 * Validates a `createScheduledChanges` batch before any write: every change, and no id twice.
 * @throws ValidationError naming `[index].field` (nothing may be written then).
 */
export function requireScheduledChangeBatch(inputs: readonly ScheduledFlagChangeInput[]): ScheduledFlagChange[] {
  return requireRecordBatch(inputs, createScheduledChange, 'scheduled changes', (change) => [['id', change.id]]);
}

/**
 * Validates a `createTimeSchedules` batch before any write: every schedule, and no id twice.
 * @throws ValidationError naming `[index].field` (nothing may be written then).
 */
export function requireTimeScheduleBatch(inputs: readonly TimeScheduleInput[]): TimeSchedule[] {
  return requireRecordBatch(inputs, createTimeSchedule, 'time schedules', (schedule) => [['id', schedule.id]]);
}

/**
 * Validates a `createRolloutPhases` batch before any write: every phase, and no id or phase number of
 * one flag twice.
 * @throws ValidationError naming `[index].field` (nothing may be written then).
 */
export function requireRolloutPhaseBatch(inputs: readonly RolloutPhaseInput[]): RolloutPhase[] {
  return requireRecordBatch(inputs, createRolloutPhase, 'rollout phases', (phase) => [
    ['id', phase.id],
    ['phaseNumber', `${phase.flagId}\u0000${phase.phaseNumber}`],
  ]);
}
