import { ValidationError } from '../errors.js';
import { jsonEqual } from '../evaluation/values.js';
import type { FeatureFlag, FeatureFlagInput, RolloutPhase, ScheduledFlagChange } from '../models/index.js';

// Every plan compares the flag with the target state first and returns null when there is nothing
// to write: that makes re-applying an item (after a lost lease) a no-op, not a second version bump.

/**
 * The flag with every rule's `rolloutPercentage` set to `percentage`; a flag without rules gets one
 * catch-all rule (no conditions) serving `true`, so the rollout means something. A non-boolean flag
 * without rules has no value to roll out, which is an error.
 */
function withRollout(flag: FeatureFlag, percentage: number | null, field: string): FeatureFlagInput | null {
  if (flag.rules.length === 0) {
    if (flag.flagType !== 'boolean') {
      throw new ValidationError(
        [{ path: field, message: `a ${flag.flagType} flag without rules has no value to roll out; add a rule first` }],
        'scheduled rollout',
      );
    }
    return {
      ...flag,
      rules: [{ name: 'scheduled-rollout', conditions: [], serveEnabled: true, rolloutPercentage: percentage }],
    };
  }
  if (flag.rules.every((rule) => rule.rolloutPercentage === percentage)) return null;
  return { ...flag, rules: flag.rules.map((rule) => ({ ...rule, rolloutPercentage: percentage })) };
}

/**
 * The update a scheduled change makes to its flag, or null when the flag already is in the target
 * state. `enable` → status `active`; `disable` → status `inactive` (an archived flag already is off
 * and stays archived); `update_value` → `defaultEnabled` of a boolean flag (`newValue` must be a
 * boolean), `defaultValue` of any other; `update_rollout` → every rule's rollout (see rollout phases).
 * @throws ValidationError when the change cannot apply to this flag.
 */
export function planScheduledChange(flag: FeatureFlag, change: ScheduledFlagChange): FeatureFlagInput | null {
  switch (change.changeType) {
    case 'enable':
      return flag.status === 'active' ? null : { ...flag, status: 'active' };
    case 'disable':
      return flag.status === 'active' ? { ...flag, status: 'inactive' } : null;
    case 'update_value':
      if (flag.flagType === 'boolean') {
        if (typeof change.newValue !== 'boolean') {
          throw new ValidationError(
            [{ path: 'newValue', message: 'must be a boolean for a boolean flag' }],
            'scheduled change',
          );
        }
        return flag.defaultEnabled === change.newValue ? null : { ...flag, defaultEnabled: change.newValue };
      }
      return jsonEqual(flag.defaultValue, change.newValue) ? null : { ...flag, defaultValue: change.newValue };
    case 'update_rollout':
      return withRollout(flag, change.newRolloutPercentage, 'newRolloutPercentage');
    default:
      throw new ValidationError(
        [{ path: 'changeType', message: `unknown change type ${JSON.stringify(change.changeType)}` }],
        'scheduled change',
      );
  }
}

/**
 * The update a rollout phase makes to its flag (every rule's rollout becomes `targetPercentage`;
 * a boolean flag without rules gets a catch-all rule), or null when already so.
 * @throws ValidationError when the phase cannot apply to this flag.
 */
export function planRolloutPhase(flag: FeatureFlag, phase: RolloutPhase): FeatureFlagInput | null {
  return withRollout(flag, phase.targetPercentage, 'targetPercentage');
}
