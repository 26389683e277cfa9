import {
  bigint,
  boolean,
  customType,
  datetime,
  foreignKey,
  index,
  int,
  json,
  mysqlTable,
  primaryKey,
  uniqueIndex,
} from 'drizzle-orm/mysql-core';
import { assertTablePrefix, DEFAULT_TABLE_PREFIX } from '../schema/prefix.js';

/**
 * The collation of every text column: binary (case-sensitive, code-point order, as on the other
 * dialects, whatever the server default is) and NO PAD (`"a"` and `"a "` are different keys; the
 * PAD SPACE `utf8mb4_bin` would make them collide). MariaDB's name; MySQL 8 calls it
 * `utf8mb4_0900_bin` (`migrate()` switches by itself).
 */
export const MYSQL_TEXT_COLLATION = 'utf8mb4_nopad_bin';

/** Options of the MySQL {@link flagsTables}. */
export interface MySqlTablesOptions {
  /** Collation of the text columns; pass `"utf8mb4_0900_bin"` on MySQL 8. @default "utf8mb4_nopad_bin" */
  collation?: string;
}

/** `datetime(3)` in UTC, read and written as `Date`. */
const ts = (name: string) => datetime(name, { mode: 'date', fsp: 3 });

/**
 * The @flags tables for MySQL and MariaDB (`datetime(3)` + `json`, utf8mb4 binary NO PAD collation), every
 * table, index and constraint name starting with `tablePrefix`. Export the result from your own
 * drizzle-kit schema to manage them with your migrations.
 * @param tablePrefix @default "ff_"
 */
export function flagsTables(tablePrefix: string = DEFAULT_TABLE_PREFIX, options: MySqlTablesOptions = {}) {
  const p = assertTablePrefix(tablePrefix);
  const collation = options.collation ?? MYSQL_TEXT_COLLATION;
  if (!/^[a-z0-9_]+$/i.test(collation)) throw new Error(`[@flags/storage-drizzle] invalid collation "${collation}"`);
  const textType = `CHARACTER SET utf8mb4 COLLATE ${collation}`;
  /** `varchar(n)`: indexable identifiers (ids, keys, names: up to 255 characters). */
  const str = (name: string, length: number) =>
    customType<{ data: string; driverData: string }>({ dataType: () => `varchar(${length}) ${textType}` })(name);
  /** `text`: free text (descriptions, outcomes). */
  const longStr = (name: string) =>
    customType<{ data: string; driverData: string }>({ dataType: () => `text ${textType}` })(name);

  const flags = mysqlTable(
    `${p}flags`,
    {
      id: str('id', 255).primaryKey(),
      key: str('key', 255).notNull(),
      name: longStr('name').notNull(),
      description: longStr('description'),
      flagType: str('flag_type', 16).notNull(),
      status: str('status', 16).notNull(),
      defaultEnabled: boolean('default_enabled').notNull(),
      defaultValue: json('default_value'),
      tags: json('tags').notNull(),
      metadata: json('metadata').notNull(),
      // Flag model v2 (migration flag_model_v2): rows written before it read `[]` and no names.
      prerequisites: json('prerequisites').notNull().default([]),
      bucketBy: str('bucket_by', 255),
      defaultVariant: str('default_variant', 255),
      version: int('version').notNull(),
      createdAt: ts('created_at').notNull(),
      updatedAt: ts('updated_at').notNull(),
    },
    (t) => [uniqueIndex(`${p}flags_key_uq`).on(t.key), index(`${p}flags_status_key_idx`).on(t.status, t.key)],
  );

  const flagRules = mysqlTable(
    `${p}flag_rules`,
    {
      flagId: str('flag_id', 255).notNull(),
      position: int('position').notNull(),
      id: str('id', 255).notNull(),
      name: longStr('name').notNull(),
      description: longStr('description'),
      priority: int('priority').notNull(),
      enabled: boolean('enabled').notNull(),
      conditions: json('conditions').notNull(),
      serveEnabled: boolean('serve_enabled').notNull(),
      serveValue: json('serve_value'),
      rolloutPercentage: int('rollout_percentage'),
      bucketBy: str('bucket_by', 255),
    },
    (t) => [
      primaryKey({ name: `${p}flag_rules_pk`, columns: [t.flagId, t.position] }),
      foreignKey({ name: `${p}flag_rules_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const flagVariants = mysqlTable(
    `${p}flag_variants`,
    {
      flagId: str('flag_id', 255).notNull(),
      position: int('position').notNull(),
      id: str('id', 255).notNull(),
      key: str('key', 255).notNull(),
      name: longStr('name').notNull(),
      description: longStr('description'),
      value: json('value').notNull(),
      weight: int('weight').notNull(),
    },
    (t) => [
      primaryKey({ name: `${p}flag_variants_pk`, columns: [t.flagId, t.position] }),
      foreignKey({ name: `${p}flag_variants_flag_fk`, columns: [t.flagId], foreignColumns: [flags.id] }).onDelete(
        'cascade',
      ),
    ],
  );

  const flagOverrides = mysqlTable(
    `${p}flag_overrides`,
    {
      id: str('id', 255).primaryKey(),
      flagId: str('flag_id', 255).notNull(),
      entityType: str('entity_type', 64).notNull(),
      entityId: str('entity_id', 255).notNull(),
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

  const segments = mysqlTable(
    `${p}segments`,
    {
      id: str('id', 255).primaryKey(),
      name: str('name', 255).notNull(),
      description: longStr('description'),
      conditions: json('conditions').notNull(),
      parentSegmentId: str('parent_segment_id', 255),
      enabled: boolean('enabled').notNull(),
      version: int('version').notNull(),
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

  const scheduledChanges = mysqlTable(
    `${p}scheduled_changes`,
    {
      id: str('id', 255).primaryKey(),
      flagId: str('flag_id', 255).notNull(),
      changeType: str('change_type', 32).notNull(),
      scheduledAt: ts('scheduled_at').notNull(),
      executed: boolean('executed').notNull(),
      executedAt: ts('executed_at'),
      newValue: json('new_value'),
      newRolloutPercentage: int('new_rollout_percentage'),
      createdBy: longStr('created_by'),
      claimedBy: longStr('claimed_by'),
      claimExpiresAt: ts('claim_expires_at'),
      outcome: longStr('outcome'),
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

  const timeSchedules = mysqlTable(
    `${p}time_schedules`,
    {
      id: str('id', 255).primaryKey(),
      flagId: str('flag_id', 255).notNull(),
      name: str('name', 255).notNull(),
      recurrenceType: str('recurrence_type', 16).notNull(),
      startTime: str('start_time', 16).notNull(),
      endTime: str('end_time', 16).notNull(),
      daysOfWeek: json('days_of_week'),
      daysOfMonth: json('days_of_month'),
      cronExpression: longStr('cron_expression'),
      timezone: str('timezone', 64).notNull(),
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

  const rolloutPhases = mysqlTable(
    `${p}rollout_phases`,
    {
      id: str('id', 255).primaryKey(),
      flagId: str('flag_id', 255).notNull(),
      phaseNumber: int('phase_number').notNull(),
      targetPercentage: int('target_percentage').notNull(),
      scheduledAt: ts('scheduled_at').notNull(),
      executed: boolean('executed').notNull(),
      executedAt: ts('executed_at'),
      claimedBy: longStr('claimed_by'),
      claimExpiresAt: ts('claim_expires_at'),
      outcome: longStr('outcome'),
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

  const revision = mysqlTable(`${p}revision`, {
    id: int('id').primaryKey(),
    value: bigint('value', { mode: 'number' }).notNull(),
  });

  /**
   * The change feed: one row per record a write created, replaced or deleted, numbered from the
   * revision row inside the writing transaction (so in commit order), trimmed by the writers.
   */
  const changes = mysqlTable(
    `${p}changes`,
    {
      revision: bigint('revision', { mode: 'number' }).primaryKey(),
      kind: str('kind', 32).notNull(),
      recordId: str('record_id', 255).notNull(),
      op: str('op', 16).notNull(),
      flagKey: str('flag_key', 255),
      entityType: str('entity_type', 64),
      entityId: str('entity_id', 255),
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

/** The MySQL/MariaDB table set of one prefix. */
export type MySqlFlagsTables = ReturnType<typeof flagsTables>;
