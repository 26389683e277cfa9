import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { assertTablePrefix, DEFAULT_TABLE_PREFIX } from '../schema/prefix.js';

/** `timestamptz(3)` read and written as `Date` (the models keep milliseconds). */
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/**
 * The @flags tables for PostgreSQL (`timestamptz` + `json`: key order kept), every table, index and constraint name
 * starting with `tablePrefix`. Export the result from your own drizzle-kit schema to manage them
 * with your migrations: `export const { flags, flagRules, ... } = flagsTables('ff_')`.
 * @param tablePrefix @default "ff_"
 */
export function flagsTables(tablePrefix: string = DEFAULT_TABLE_PREFIX) {
  const p = assertTablePrefix(tablePrefix);

  const flags = pgTable(
    `${p}flags`,
    {
      id: text('id').primaryKey(),
      key: text('key').notNull(),
      name: text('name').notNull(),
      description: text('description'),
      flagType: text('flag_type').notNull(),
      status: text('status').notNull(),
      defaultEnabled: boolean('default_enabled').notNull(),
      defaultValue: json('default_value'),
      tags: json('tags').notNull(),
      metadata: json('metadata').notNull(),
      // Flag model v2 (migration flag_model_v2): rows written before it read `[]` and no names.
      prerequisites: json('prerequisites').notNull().default([]),
      bucketBy: text('bucket_by'),
      defaultVariant: text('default_variant'),
      version: integer('version').notNull(),
      createdAt: ts('created_at').notNull(),
      updatedAt: ts('updated_at').notNull(),
    },
    (t) => [uniqueIndex(`${p}flags_key_uq`).on(t.key), index(`${p}flags_status_key_idx`).on(t.status, t.key)],
  );

  const flagRules = pgTable(
    `${p}flag_rules`,
    {
      flagId: text('flag_id').notNull(),
      position: integer('position').notNull(),
      id: text('id').notNull(),
      name: text('name').notNull(),
      description: text('description'),
      priority: integer('priority').notNull(),
      enabled: boolean('enabled').notNull(),
      conditions: json('conditions').notNull(),
      serveEnabled: boolean('serve_enabled').notNull(),
      serveValue: json('serve_value'),
      rolloutPercentage: integer('rollout_percentage'),
      bucketBy: text('bucket_by'),
    },
    (t) => [
      primaryKey({ name: `${p}flag_rules_pk`, columns: [t.flagId, t.position] }),
      foreignKey({ name: `${p}flag_rules_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const flagVariants = pgTable(
    `${p}flag_variants`,
    {
      flagId: text('flag_id').notNull(),
      position: integer('position').notNull(),
      id: text('id').notNull(),
      key: text('key').notNull(),
      name: text('name').notNull(),
      description: text('description'),
      value: json('value').notNull(),
      weight: integer('weight').notNull(),
    },
    (t) => [
      primaryKey({ name: `${p}flag_variants_pk`, columns: [t.flagId, t.position] }),
      foreignKey({ name: `${p}flag_variants_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const flagOverrides = pgTable(
    `${p}flag_overrides`,
    {
      id: text('id').primaryKey(),
      flagId: text('flag_id').notNull(),
      entityType: text('entity_type').notNull(),
      entityId: text('entity_id').notNull(),
      enabled: boolean('enabled').notNull(),
      value: json('value'),
      expiresAt: ts('expires_at'),
      createdAt: ts('created_at').notNull(),
      updatedAt: ts('updated_at').notNull(),
    },
    (t) => [
      uniqueIndex(`${p}flag_overrides_entity_uq`).on(t.flagId, t.entityType, t.entityId),
      index(`${p}flag_overrides_by_entity_idx`).on(t.entityType, t.entityId),
      foreignKey({ name: `${p}flag_overrides_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const segments = pgTable(
    `${p}segments`,
    {
      id: text('id').primaryKey(),
      name: text('name').notNull(),
      description: text('description'),
      conditions: json('conditions').notNull(),
      parentSegmentId: text('parent_segment_id'),
      enabled: boolean('enabled').notNull(),
      version: integer('version').notNull(),
      createdAt: ts('created_at').notNull(),
      updatedAt: ts('updated_at').notNull(),
    },
    (t) => [
      uniqueIndex(`${p}segments_name_uq`).on(t.name),
      index(`${p}segments_parent_idx`).on(t.parentSegmentId),
      foreignKey({ name: `${p}segments_parent_fk`, columns: [t.parentSegmentId], foreignColumns: [t.id] }).onDelete(
        'set null',
      ),
    ],
  );

  const scheduledChanges = pgTable(
    `${p}scheduled_changes`,
    {
      id: text('id').primaryKey(),
      flagId: text('flag_id').notNull(),
      changeType: text('change_type').notNull(),
      scheduledAt: ts('scheduled_at').notNull(),
      executed: boolean('executed').notNull(),
      executedAt: ts('executed_at'),
      newValue: json('new_value'),
      newRolloutPercentage: integer('new_rollout_percentage'),
      createdBy: text('created_by'),
      claimedBy: text('claimed_by'),
      claimExpiresAt: ts('claim_expires_at'),
      outcome: text('outcome'),
      createdAt: ts('created_at').notNull(),
      updatedAt: ts('updated_at').notNull(),
    },
    (t) => [
      index(`${p}scheduled_changes_flag_idx`).on(t.flagId, t.scheduledAt),
      index(`${p}scheduled_changes_pending_idx`).on(t.executed, t.scheduledAt),
      foreignKey({ name: `${p}scheduled_changes_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const timeSchedules = pgTable(
    `${p}time_schedules`,
    {
      id: text('id').primaryKey(),
      flagId: text('flag_id').notNull(),
      name: text('name').notNull(),
      recurrenceType: text('recurrence_type').notNull(),
      startTime: text('start_time').notNull(),
      endTime: text('end_time').notNull(),
      daysOfWeek: json('days_of_week'),
      daysOfMonth: json('days_of_month'),
      cronExpression: text('cron_expression'),
      timezone: text('timezone').notNull(),
      enabled: boolean('enabled').notNull(),
      validFrom: ts('valid_from'),
      validUntil: ts('valid_until'),
      createdAt: ts('created_at').notNull(),
      updatedAt: ts('updated_at').notNull(),
    },
    (t) => [
      index(`${p}time_schedules_flag_idx`).on(t.flagId, t.name),
      foreignKey({ name: `${p}time_schedules_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const rolloutPhases = pgTable(
    `${p}rollout_phases`,
    {
      id: text('id').primaryKey(),
      flagId: text('flag_id').notNull(),
      phaseNumber: integer('phase_number').notNull(),
      targetPercentage: integer('target_percentage').notNull(),
      scheduledAt: ts('scheduled_at').notNull(),
      executed: boolean('executed').notNull(),
      executedAt: ts('executed_at'),
      claimedBy: text('claimed_by'),
      claimExpiresAt: ts('claim_expires_at'),
      outcome: text('outcome'),
      createdAt: ts('created_at').notNull(),
      updatedAt: ts('updated_at').notNull(),
    },
    (t) => [
      uniqueIndex(`${p}rollout_phases_number_uq`).on(t.flagId, t.phaseNumber),
      index(`${p}rollout_phases_pending_idx`).on(t.executed, t.scheduledAt),
      foreignKey({ name: `${p}rollout_phases_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const revision = pgTable(`${p}revision`, {
    id: integer('id').primaryKey(),
    value: bigint('value', { mode: 'number' }).notNull(),
  });

  /**
   * The change feed: one row per record a write created, replaced or deleted, numbered from the
   * revision row inside the writing transaction (so in commit order), trimmed by the writers.
   */
  const changes = pgTable(
    `${p}changes`,
    {
      revision: bigint('revision', { mode: 'number' }).primaryKey(),
      kind: text('kind').notNull(),
      recordId: text('record_id').notNull(),
      op: text('op').notNull(),
      flagKey: text('flag_key'),
      entityType: text('entity_type'),
      entityId: text('entity_id'),
      recordedAt: ts('recorded_at').notNull(),
    },
    (t) => [index(`${p}changes_recorded_at_idx`).on(t.recordedAt)],
  );

  return {
    changes,
    flags,
    flagRules,
    flagVariants,
    flagOverrides,
    segments,
    scheduledChanges,
    timeSchedules,
    rolloutPhases,
    revision,
  };
}

/** The PostgreSQL table set of one prefix. */
export type PgFlagsTables = ReturnType<typeof flagsTables>;
