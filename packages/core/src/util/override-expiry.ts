import type { FlagOverride } from '../models/override.js';

/**
 * Whether an override has expired at `now`: it has an `expiresAt` and that instant is not after `now`
 * (an override expiring exactly now is expired). Expired overrides are never returned by a backend.
 */
export function isOverrideExpired(override: Pick<FlagOverride, 'expiresAt'>, now: Date): boolean {
  return override.expiresAt !== null && override.expiresAt.getTime() <= now.getTime();
}
