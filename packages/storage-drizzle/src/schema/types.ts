import type { Column, Table } from 'drizzle-orm';

/**
 * The query-builder surface drizzle's PostgreSQL, MySQL and SQLite databases share
 * (`select`/`insert`/`update`/`delete`/`transaction`). They have no common declared type, so the
 * shared code sees them through this one loose alias; each dialect's entry types what it accepts.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above — the single place the dialects' builder types meet.
export type AnyDatabase = any;

type Columns<K extends string> = Table & { [P in K]: Column };

/** The tables the backend needs, by role; every dialect's `flagsTables(prefix)` returns this shape. */
export interface FlagsTableSet {
  flags: Columns<
    | 'id'
    | 'key'
    | 'name'
    | 'description'
    | 'flagType'
    | 'status'
    | 'defaultEnabled'
    | 'defaultValue'
    | 'tags'
    | 'metadata'
    | 'version'
    | 'createdAt'
    | 'updatedAt'
  >;
  flagRules: Columns<
    | 'flagId'
    | 'position'
    | 'id'
    | 'name'
    | 'description'
    | 'priority'
    | 'enabled'
    | 'conditions'
    | 'serveEnabled'
    | 'serveValue'
    | 'rolloutPercentage'
  >;
  flagVariants: Columns<'flagId' | 'position' | 'id' | 'key' | 'name' | 'description' | 'value' | 'weight'>;
  flagOverrides: Columns<
    'id' | 'flagId' | 'entityType' | 'entityId' | 'enabled' | 'value' | 'expiresAt' | 'createdAt' | 'updatedAt'
  >;
  segments: Columns<
    'id' | 'name' | 'description' | 'conditions' | 'parentSegmentId' | 'enabled' | 'version' | 'createdAt' | 'updatedAt'
  >;
  scheduledChanges: Columns<
    | 'id'
    | 'flagId'
    | 'changeType'
    | 'scheduledAt'
    | 'executed'
    | 'executedAt'
    | 'newValue'
    | 'newRolloutPercentage'
    | 'createdBy'
    | 'claimedBy'
    | 'claimExpiresAt'
    | 'outcome'
    | 'createdAt'
    | 'updatedAt'
  >;
  timeSchedules: Columns<
    | 'id'
    | 'flagId'
    | 'name'
    | 'recurrenceType'
    | 'startTime'
    | 'endTime'
    | 'daysOfWeek'
    | 'daysOfMonth'
    | 'cronExpression'
    | 'timezone'
    | 'enabled'
    | 'validFrom'
    | 'validUntil'
    | 'createdAt'
    | 'updatedAt'
  >;
  rolloutPhases: Columns<
    | 'id'
    | 'flagId'
    | 'phaseNumber'
    | 'targetPercentage'
    | 'scheduledAt'
    | 'executed'
    | 'executedAt'
    | 'claimedBy'
    | 'claimExpiresAt'
    | 'outcome'
    | 'createdAt'
    | 'updatedAt'
  >;
  revision: Columns<'id' | 'value'>;
  changes: Columns<'revision' | 'kind' | 'recordId' | 'op' | 'flagKey' | 'entityType' | 'entityId' | 'recordedAt'>;
}
