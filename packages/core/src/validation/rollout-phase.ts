import * as v from 'valibot';
import type { RolloutPhaseInput } from '../models/inputs.js';
import { LIMITS } from '../models/limits.js';
import type { RolloutPhase } from '../models/schedule.js';
import { generateId } from '../util/ids.js';
import { parseModel } from './issues.js';
import {
  booleanWithDefault,
  dateSchema,
  intInRange,
  model,
  nonEmptyString,
  nullableDate,
  nullableString,
  optionalDate,
  optionalId,
  percentage,
} from './primitives.js';

const rolloutPhaseSchema = v.pipe(
  model({
    id: optionalId,
    flagId: nonEmptyString,
    phaseNumber: intInRange(1, LIMITS.maxInteger),
    targetPercentage: percentage,
    scheduledAt: dateSchema,
    executed: booleanWithDefault(false),
    executedAt: nullableDate,
    claimedBy: nullableString,
    claimExpiresAt: nullableDate,
    outcome: nullableString,
    createdAt: optionalDate,
    updatedAt: optionalDate,
  }),
  v.transform((p): RolloutPhase => {
    const now = Date.now();
    return {
      id: p.id ?? generateId(),
      flagId: p.flagId,
      phaseNumber: p.phaseNumber,
      targetPercentage: p.targetPercentage,
      scheduledAt: p.scheduledAt,
      executed: p.executed,
      executedAt: p.executedAt,
      claimedBy: p.claimedBy,
      claimExpiresAt: p.claimExpiresAt,
      outcome: p.outcome,
      createdAt: p.createdAt ?? new Date(now),
      updatedAt: p.updatedAt ?? new Date(now),
    };
  }),
);

/**
 * Validates a rollout phase and returns a new, fully defaulted {@link RolloutPhase} sharing nothing with
 * `input`: `phaseNumber` an integer ≥ 1, `targetPercentage` an integer 0–100.
 * @throws ValidationError e.g. `targetPercentage: must be an integer from 0 to 100, got 101`.
 */
export function createRolloutPhase(input: RolloutPhaseInput): RolloutPhase {
  return parseModel(rolloutPhaseSchema, input, 'rollout phase');
}
