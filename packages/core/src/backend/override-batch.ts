import { ValidationError, type ValidationIssue } from '../errors.js';
import type { FlagOverrideInput } from '../models/inputs.js';
import type { FlagOverride } from '../models/override.js';
import { createOverride } from '../validation/override.js';

/** The key an override is stored under: one per `(flagId, entityType, entityId)`. */
export function overrideEntityKey(override: Pick<FlagOverride, 'flagId' | 'entityType' | 'entityId'>): string {
  return `${override.flagId}\u0000${override.entityType}\u0000${override.entityId}`;
}

/**
 * Validates every override of an `upsertOverrides` batch before anything is written: each one through
 * `createOverride`, and no two naming the same `(flagId, entityType, entityId)` (which one would win
 * is no rule worth keeping). Every problem is reported at once, its path prefixed with the
 * override's position, e.g. `[3].entityId: must not be empty`.
 * @throws ValidationError when any override is invalid or repeated (nothing may be written then).
 */
export function requireOverrideBatch(inputs: readonly FlagOverrideInput[]): FlagOverride[] {
  if (!Array.isArray(inputs)) {
    throw new ValidationError([{ path: '', message: 'must be an array of overrides' }], 'overrides');
  }
  const issues: ValidationIssue[] = [];
  const overrides: FlagOverride[] = [];
  const firstAt = new Map<string, number>();
  inputs.forEach((input, index) => {
    try {
      const override = createOverride(input);
      const key = overrideEntityKey(override);
      const first = firstAt.get(key);
      if (first === undefined) firstAt.set(key, index);
      else issues.push({ path: `[${index}]`, message: `names the same flag and entity as [${first}]` });
      overrides.push(override);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) {
        issues.push({ ...issue, path: issue.path ? `[${index}].${issue.path}` : `[${index}]` });
      }
    }
  });
  if (issues.length > 0) throw new ValidationError(issues, 'overrides');
  return overrides;
}
