import * as v from 'valibot';
import { CHANGE_TYPES } from '../models/enums.js';
import type { ScheduledFlagChangeInput } from '../models/inputs.js';
import type { ScheduledFlagChange } from '../models/schedule.js';
import { generateId } from '../util/ids.js';
import { parseModel } from './issues.js';
import { jsonValueSchema } from './json.js';
import {
  booleanWithDefault,
  crossFieldCheck,
  dateSchema,
  isRecord,
  model,
  nonEmptyString,
  nullableDate,
  nullablePercentage,
  nullableString,
  oneOf,
  optionalDate,
  optionalId,
} from './primitives.js';

const scheduledChangeSchema = v.pipe(
  model({
    id: optionalId,
    flagId: nonEmptyString,
    changeType: oneOf(CHANGE_TYPES),
    scheduledAt: dateSchema,
    executed: booleanWithDefault(false),
    executedAt: nullableDate,
    newValue: jsonValueSchema,
    newRolloutPercentage: nullablePercentage,
    createdBy: nullableString,
    claimedBy: nullableString,
    claimExpiresAt: nullableDate,
    outcome: nullableString,
    createdAt: optionalDate,
    updatedAt: optionalDate,
  }),
  crossFieldCheck((c, report) => {
    if (!isRecord(c)) return;
    if (c.changeType === 'update_value' && c.newValue === null) {
      report(['newValue'], 'update_value changes need a newValue');
    }
    if (c.changeType === 'update_rollout' && c.newRolloutPercentage === null) {
      const message = 'update_rollout changes need a newRolloutPercentage (0 to 100)';
      report(['newRolloutPercentage'], message);
    }
  }),
  v.transform((c): ScheduledFlagChange => {
    const now = Date.now();
    return {
      id: c.id ?? generateId(),
      flagId: c.flagId,
      changeType: c.changeType,
      scheduledAt: c.scheduledAt,
      executed: c.executed,
      executedAt: c.executedAt,
      newValue: c.newValue,
      newRolloutPercentage: c.newRolloutPercentage,
      createdBy: c.createdBy,
      claimedBy: c.claimedBy,
      claimExpiresAt: c.claimExpiresAt,
      outcome: c.outcome,
      createdAt: c.createdAt ?? new Date(now),
      updatedAt: c.updatedAt ?? new Date(now),
    };
  }),
);

/**
 * Validates a scheduled change and returns a new, fully defaulted {@link ScheduledFlagChange} sharing
 * nothing with `input`. `update_value` needs a non-null `newValue`; `update_rollout` needs a
 * `newRolloutPercentage` (integer 0–100).
 * @throws ValidationError e.g. `newRolloutPercentage: update_rollout changes need a newRolloutPercentage (0 to 100)`.
 */
export function createScheduledChange(input: ScheduledFlagChangeInput): ScheduledFlagChange {
  return parseModel(scheduledChangeSchema, input, 'scheduled change');
}
