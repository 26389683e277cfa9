import { ValidationError, type ValidationIssue } from '../errors.js';
import type { FeatureFlag } from '../models/flag.js';
import type { FeatureFlagInput } from '../models/inputs.js';
import { createFlag } from '../validation/flag.js';

/**
 * Validates every flag of a `createFlags` batch before anything is written: each one through
 * `createFlag`, and no two sharing a key or an id (one of them would fail as taken halfway through).
 * Every problem is reported at once, its path prefixed with the flag's position, e.g.
 * `[3].key: must not be empty`.
 * @throws ValidationError when any flag is invalid or repeated (nothing may be written then).
 */
export function requireFlagBatch(inputs: readonly FeatureFlagInput[]): FeatureFlag[] {
  if (!Array.isArray(inputs)) {
    throw new ValidationError([{ path: '', message: 'must be an array of flags' }], 'flags');
  }
  const issues: ValidationIssue[] = [];
  const flags: FeatureFlag[] = [];
  const keyAt = new Map<string, number>();
  const idAt = new Map<string, number>();
  inputs.forEach((input, index) => {
    try {
      const flag = createFlag(input);
      const sameKey = keyAt.get(flag.key);
      const sameId = idAt.get(flag.id);
      if (sameKey !== undefined) issues.push({ path: `[${index}].key`, message: `is the key of [${sameKey}] too` });
      else keyAt.set(flag.key, index);
      if (sameId !== undefined) issues.push({ path: `[${index}].id`, message: `is the id of [${sameId}] too` });
      else idAt.set(flag.id, index);
      flags.push(flag);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) {
        issues.push({ ...issue, path: issue.path ? `[${index}].${issue.path}` : `[${index}]` });
      }
    }
  });
  if (issues.length > 0) throw new ValidationError(issues, 'flags');
  return flags;
}
