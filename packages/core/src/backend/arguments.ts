import { ValidationError } from '../errors.js';
import { LIMITS } from '../models/limits.js';
import type { LeaseFence, WriteOptions } from '../storage/write-options.js';

/**
 * Checks the arguments of `claimScheduledChange` / `claimRolloutPhase`: `owner` a non-empty string of at
 * most {@link LIMITS.maxTextLength} characters, `leaseMs` a finite number > 0 (a lease of 0 ms would be
 * over before it is stored).
 * @param model names the record in the error, e.g. `scheduled change`.
 * @throws ValidationError naming the argument and the rule.
 */
export function requireLeaseArguments(owner: unknown, leaseMs: unknown, model: string): void {
  requireOwner(owner, 'owner', model);
  if (typeof leaseMs !== 'number' || !Number.isFinite(leaseMs) || leaseMs <= 0) {
    throw new ValidationError([{ path: 'leaseMs', message: 'must be a finite number of milliseconds > 0' }], model);
  }
}

function requireOwner(owner: unknown, path: string, model: string): void {
  if (typeof owner !== 'string' || owner.length === 0 || owner.length > LIMITS.maxTextLength) {
    throw new ValidationError(
      [{ path, message: `must be a non-empty string of at most ${LIMITS.maxTextLength} characters` }],
      model,
    );
  }
}

/**
 * `value` as a fresh `Date` when it is a valid `Date` within {@link LIMITS} (1970 to 9999).
 * @throws ValidationError naming `path` otherwise (a string, a number, `new Date(NaN)`…).
 */
export function requireDate(value: unknown, path: string, model: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ValidationError([{ path, message: 'must be a valid Date' }], model);
  }
  const ms = value.getTime();
  if (ms < LIMITS.minDateMs || ms > LIMITS.maxDateMs) {
    throw new ValidationError([{ path, message: 'must be between 1970-01-01 and 9999-12-31' }], model);
  }
  return new Date(ms);
}

/**
 * Checks the arguments of `markScheduledChangeExecuted` / `markRolloutPhaseExecuted` and returns them
 * normalised: a fresh `executedAt` and `outcome` as a string or null.
 * @throws ValidationError for an invalid `executedAt` or an `outcome` that is neither a string nor null.
 */
export function requireMarkArguments(
  executedAt: unknown,
  outcome: unknown,
  model: string,
): { executedAt: Date; outcome: string | null } {
  const at = requireDate(executedAt, 'executedAt', model);
  if (outcome !== undefined && outcome !== null && typeof outcome !== 'string') {
    throw new ValidationError([{ path: 'outcome', message: 'must be a string or null' }], model);
  }
  return { executedAt: at, outcome: outcome ?? null };
}

const FENCE_KINDS: ReadonlySet<unknown> = new Set(['scheduled_change', 'rollout_phase']);

/**
 * The fence of a write's options, checked: `undefined` when the write is not fenced.
 * @throws ValidationError when `options.fence` is not a {@link LeaseFence}.
 */
export function readFence(options: WriteOptions | undefined, model: string): LeaseFence | undefined {
  const fence: unknown = options?.fence;
  if (fence === undefined) return undefined;
  if (typeof fence !== 'object' || fence === null) {
    throw new ValidationError([{ path: 'fence', message: 'must be { kind, id, owner }' }], model);
  }
  const { kind, id, owner } = fence as Record<string, unknown>;
  if (!FENCE_KINDS.has(kind)) {
    throw new ValidationError(
      [{ path: 'fence.kind', message: 'must be "scheduled_change" or "rollout_phase"' }],
      model,
    );
  }
  if (typeof id !== 'string' || id.length === 0) {
    throw new ValidationError([{ path: 'fence.id', message: 'must be a non-empty string' }], model);
  }
  requireOwner(owner, 'fence.owner', model);
  return { kind: kind as LeaseFence['kind'], id, owner: owner as string };
}
