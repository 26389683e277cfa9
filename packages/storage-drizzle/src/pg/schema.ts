/**
 * The PostgreSQL tables under the default prefix, one export per table: the schema drizzle-kit reads
 * to generate the migrations shipped in `migrations/pg`.
 */
import { flagsTables } from './tables.js';

export const {
  flags,
  flagRules,
  flagVariants,
  flagOverrides,
  segments,
  scheduledChanges,
  timeSchedules,
  rolloutPhases,
  revision,
  changes,
} = flagsTables();
