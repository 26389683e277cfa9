/**
 * How a column travels in a read document (see `SqlFlavor`): as is, as a boolean (`true` or `1`),
 * as embedded JSON, as epoch milliseconds, or as is with NULL meaning "absent" (an optional model
 * field, left out of the model rather than set to `null`). The same lists build the SQL and decode the result,
 * so the two cannot drift apart.
 */
export type FieldKind = 'plain' | 'bool' | 'json' | 'millis' | 'optional';

/** A model property (also the table's column property) and how it travels. */
export type Field = readonly [property: string, kind: FieldKind];

export const FLAG_FIELDS: readonly Field[] = [
  ['id', 'plain'],
  ['key', 'plain'],
  ['name', 'plain'],
  ['description', 'plain'],
  ['flagType', 'plain'],
  ['status', 'plain'],
  ['defaultEnabled', 'bool'],
  ['defaultValue', 'json'],
  ['tags', 'json'],
  ['metadata', 'json'],
  ['prerequisites', 'json'],
  ['bucketBy', 'optional'],
  ['defaultVariant', 'optional'],
  ['version', 'plain'],
  ['createdAt', 'millis'],
  ['updatedAt', 'millis'],
];

/** Rule and variant documents start with `position` (their order), which is not a model field. */
export const RULE_FIELDS: readonly Field[] = [
  ['position', 'plain'],
  ['id', 'plain'],
  ['name', 'plain'],
  ['description', 'plain'],
  ['priority', 'plain'],
  ['enabled', 'bool'],
  ['conditions', 'json'],
  ['serveEnabled', 'bool'],
  ['serveValue', 'json'],
  ['rolloutPercentage', 'plain'],
  ['bucketBy', 'optional'],
];

export const VARIANT_FIELDS: readonly Field[] = [
  ['position', 'plain'],
  ['id', 'plain'],
  ['key', 'plain'],
  ['name', 'plain'],
  ['description', 'plain'],
  ['value', 'json'],
  ['weight', 'plain'],
];

export const TIME_SCHEDULE_FIELDS: readonly Field[] = [
  ['id', 'plain'],
  ['flagId', 'plain'],
  ['name', 'plain'],
  ['recurrenceType', 'plain'],
  ['startTime', 'plain'],
  ['endTime', 'plain'],
  ['daysOfWeek', 'json'],
  ['daysOfMonth', 'json'],
  ['cronExpression', 'plain'],
  ['timezone', 'plain'],
  ['enabled', 'bool'],
  ['validFrom', 'millis'],
  ['validUntil', 'millis'],
  ['createdAt', 'millis'],
  ['updatedAt', 'millis'],
];

export const OVERRIDE_FIELDS: readonly Field[] = [
  ['id', 'plain'],
  ['flagId', 'plain'],
  ['entityType', 'plain'],
  ['entityId', 'plain'],
  ['enabled', 'bool'],
  ['value', 'json'],
  ['expiresAt', 'millis'],
  ['createdAt', 'millis'],
  ['updatedAt', 'millis'],
];

export const SEGMENT_FIELDS: readonly Field[] = [
  ['id', 'plain'],
  ['name', 'plain'],
  ['description', 'plain'],
  ['conditions', 'json'],
  ['parentSegmentId', 'plain'],
  ['enabled', 'bool'],
  ['version', 'plain'],
  ['createdAt', 'millis'],
  ['updatedAt', 'millis'],
];

export const SCHEDULED_CHANGE_FIELDS: readonly Field[] = [
  ['id', 'plain'],
  ['flagId', 'plain'],
  ['changeType', 'plain'],
  ['scheduledAt', 'millis'],
  ['executed', 'bool'],
  ['executedAt', 'millis'],
  ['newValue', 'json'],
  ['newRolloutPercentage', 'plain'],
  ['createdBy', 'plain'],
  ['claimedBy', 'plain'],
  ['claimExpiresAt', 'millis'],
  ['outcome', 'plain'],
  ['createdAt', 'millis'],
  ['updatedAt', 'millis'],
];

export const ROLLOUT_PHASE_FIELDS: readonly Field[] = [
  ['id', 'plain'],
  ['flagId', 'plain'],
  ['phaseNumber', 'plain'],
  ['targetPercentage', 'plain'],
  ['scheduledAt', 'millis'],
  ['executed', 'bool'],
  ['executedAt', 'millis'],
  ['claimedBy', 'plain'],
  ['claimExpiresAt', 'millis'],
  ['outcome', 'plain'],
  ['createdAt', 'millis'],
  ['updatedAt', 'millis'],
];
