/** The value type a flag serves. */
export const FLAG_TYPES = ['boolean', 'string', 'number', 'json'] as const;
/** The value type a flag serves. */
export type FlagType = (typeof FLAG_TYPES)[number];

/** Lifecycle state of a flag; only `active` flags are evaluated, the others serve their off value. */
export const FLAG_STATUSES = ['active', 'inactive', 'archived'] as const;
/** Lifecycle state of a flag. */
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** Every condition operator the engine understands; anything else is rejected at write time. */
export const OPERATORS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'matches',
  'semver_eq',
  'semver_gt',
  'semver_lt',
  'semver_gte',
  'semver_lte',
  'date_after',
  'date_before',
  'time_window',
  'in_segment',
  'not_in_segment',
] as const;
/** A condition operator. */
export type Operator = (typeof OPERATORS)[number];

/** The entity types the client probes for overrides, in probe order. Any other string is allowed too. */
export const OVERRIDE_ENTITY_TYPES = ['user', 'organization', 'tenant', 'targeting_key'] as const;
/** An override's entity type: one of {@link OVERRIDE_ENTITY_TYPES} or any caller-chosen string. */
export type OverrideEntityType = (typeof OVERRIDE_ENTITY_TYPES)[number] | (string & {});

/** What a scheduled change does to its flag when it runs. */
export const CHANGE_TYPES = ['enable', 'disable', 'update_value', 'update_rollout'] as const;
/** What a scheduled change does to its flag when it runs. */
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** How a time schedule recurs. */
export const RECURRENCE_TYPES = ['daily', 'weekly', 'monthly', 'cron'] as const;
/** How a time schedule recurs. */
export type RecurrenceType = (typeof RECURRENCE_TYPES)[number];

/**
 * OpenFeature resolution reasons, plus `OVERRIDE` (an override served the value) and
 * `PREREQUISITE_FAILED` (a prerequisite flag did not serve as required; the off value is served).
 */
export const REASONS = [
  'STATIC',
  'DEFAULT',
  'TARGETING_MATCH',
  'SPLIT',
  'DISABLED',
  'ERROR',
  'OVERRIDE',
  'PREREQUISITE_FAILED',
] as const;
/** Why an evaluation returned the value it did. */
export type Reason = (typeof REASONS)[number];

/** OpenFeature error codes. */
export const ERROR_CODES = [
  'FLAG_NOT_FOUND',
  'TYPE_MISMATCH',
  'PARSE_ERROR',
  'TARGETING_KEY_MISSING',
  'INVALID_CONTEXT',
  'PROVIDER_NOT_READY',
  'GENERAL',
] as const;
/** Why an evaluation failed. */
export type ErrorCode = (typeof ERROR_CODES)[number];
