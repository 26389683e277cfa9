/**
 * The JSON Schema (draft-07) of one entry of a portable document, version 1: the header or a record.
 * Give it to any JSON Schema validator (ajv, …) to check a document line by line; core's import checks
 * the same rules and more (the cross-field rules of model validation) with its own validators.
 */
export const DOCUMENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:flags:document:v1',
  title: '@flags portable document, version 1: one entry',
  description:
    "A portable document is NDJSON: the header on line 1, then one record per line (kind + the model's JSON, dates as ISO-8601 strings, ids kept). This schema validates one line. Core's model validation (createFlag and friends) then applies every cross-field rule (variant weights sum to 100, values match flagType, limits).",
  oneOf: [
    {
      $ref: '#/definitions/header',
    },
    {
      type: 'object',
      required: ['kind', 'data'],
      additionalProperties: false,
      properties: {
        kind: {
          const: 'segment',
        },
        data: {
          $ref: '#/definitions/segment',
        },
      },
    },
    {
      type: 'object',
      required: ['kind', 'data'],
      additionalProperties: false,
      properties: {
        kind: {
          const: 'flag',
        },
        data: {
          $ref: '#/definitions/flag',
        },
      },
    },
    {
      type: 'object',
      required: ['kind', 'data'],
      additionalProperties: false,
      properties: {
        kind: {
          const: 'timeSchedule',
        },
        data: {
          $ref: '#/definitions/timeSchedule',
        },
      },
    },
    {
      type: 'object',
      required: ['kind', 'data'],
      additionalProperties: false,
      properties: {
        kind: {
          const: 'scheduledChange',
        },
        data: {
          $ref: '#/definitions/scheduledChange',
        },
      },
    },
    {
      type: 'object',
      required: ['kind', 'data'],
      additionalProperties: false,
      properties: {
        kind: {
          const: 'rolloutPhase',
        },
        data: {
          $ref: '#/definitions/rolloutPhase',
        },
      },
    },
    {
      type: 'object',
      required: ['kind', 'data'],
      additionalProperties: false,
      properties: {
        kind: {
          const: 'override',
        },
        data: {
          $ref: '#/definitions/override',
        },
      },
    },
  ],
  definitions: {
    header: {
      type: 'object',
      required: ['format', 'version'],
      properties: {
        format: {
          const: '@flags',
        },
        version: {
          const: 1,
        },
        exportedAt: {
          type: 'string',
          format: 'date-time',
        },
      },
    },
    condition: {
      type: 'object',
      required: ['attribute', 'operator'],
      properties: {
        attribute: {
          type: 'string',
        },
        operator: {
          enum: [
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
          ],
        },
        value: {},
      },
    },
    rule: {
      type: 'object',
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        name: {
          type: 'string',
        },
        description: {
          type: ['string', 'null'],
        },
        priority: {
          type: 'integer',
        },
        enabled: {
          type: 'boolean',
        },
        conditions: {
          type: 'array',
          items: {
            $ref: '#/definitions/condition',
          },
        },
        serveEnabled: {
          type: 'boolean',
        },
        serveValue: {},
        rolloutPercentage: {
          anyOf: [
            {
              type: 'integer',
              minimum: 0,
              maximum: 100,
            },
            {
              type: 'null',
            },
          ],
        },
        bucketBy: {
          type: 'string',
          minLength: 1,
        },
      },
      additionalProperties: false,
    },
    prerequisite: {
      type: 'object',
      required: ['flagKey'],
      properties: {
        flagKey: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,254}$',
        },
        variant: {
          type: 'string',
          minLength: 1,
        },
        value: {},
      },
      additionalProperties: false,
    },
    variant: {
      type: 'object',
      required: ['key', 'weight'],
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        key: {
          type: 'string',
          minLength: 1,
        },
        name: {
          type: 'string',
        },
        description: {
          type: ['string', 'null'],
        },
        value: {
          type: 'object',
        },
        weight: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
        },
      },
      additionalProperties: false,
    },
    flag: {
      type: 'object',
      required: ['key'],
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        createdAt: {
          type: 'string',
          format: 'date-time',
        },
        updatedAt: {
          type: 'string',
          format: 'date-time',
        },
        key: {
          type: 'string',
          pattern: '^[A-Za-z][A-Za-z0-9_.:-]{0,254}$',
        },
        name: {
          type: 'string',
        },
        description: {
          type: ['string', 'null'],
        },
        flagType: {
          enum: ['boolean', 'string', 'number', 'json'],
        },
        status: {
          enum: ['active', 'inactive', 'archived'],
        },
        defaultEnabled: {
          type: 'boolean',
        },
        defaultValue: {},
        tags: {
          type: 'array',
          items: {
            type: 'string',
          },
        },
        metadata: {
          type: 'object',
        },
        rules: {
          type: 'array',
          items: {
            $ref: '#/definitions/rule',
          },
        },
        variants: {
          type: 'array',
          items: {
            $ref: '#/definitions/variant',
          },
        },
        prerequisites: {
          type: 'array',
          items: {
            $ref: '#/definitions/prerequisite',
          },
        },
        bucketBy: {
          type: 'string',
          minLength: 1,
        },
        defaultVariant: {
          type: 'string',
          minLength: 1,
        },
        version: {
          type: 'integer',
          minimum: 1,
        },
      },
      additionalProperties: false,
    },
    segment: {
      type: 'object',
      required: ['name'],
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        createdAt: {
          type: 'string',
          format: 'date-time',
        },
        updatedAt: {
          type: 'string',
          format: 'date-time',
        },
        name: {
          type: 'string',
          minLength: 1,
        },
        description: {
          type: ['string', 'null'],
        },
        conditions: {
          type: 'array',
          items: {
            $ref: '#/definitions/condition',
          },
        },
        parentSegmentId: {
          type: ['string', 'null'],
        },
        enabled: {
          type: 'boolean',
        },
        version: {
          type: 'integer',
          minimum: 1,
        },
      },
    },
    override: {
      type: 'object',
      required: ['flagId', 'entityType', 'entityId'],
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        createdAt: {
          type: 'string',
          format: 'date-time',
        },
        updatedAt: {
          type: 'string',
          format: 'date-time',
        },
        flagId: {
          type: 'string',
          minLength: 1,
        },
        entityType: {
          type: 'string',
          minLength: 1,
        },
        entityId: {
          type: 'string',
          minLength: 1,
        },
        enabled: {
          type: 'boolean',
        },
        value: {},
        expiresAt: {
          anyOf: [
            {
              type: 'string',
              format: 'date-time',
            },
            {
              type: 'null',
            },
          ],
        },
      },
    },
    scheduledChange: {
      type: 'object',
      required: ['id', 'flagId', 'changeType', 'scheduledAt'],
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        createdAt: {
          type: 'string',
          format: 'date-time',
        },
        updatedAt: {
          type: 'string',
          format: 'date-time',
        },
        claimedBy: {
          type: ['string', 'null'],
        },
        claimExpiresAt: {
          anyOf: [
            {
              type: 'string',
              format: 'date-time',
            },
            {
              type: 'null',
            },
          ],
        },
        outcome: {
          type: ['string', 'null'],
        },
        executed: {
          type: 'boolean',
        },
        executedAt: {
          anyOf: [
            {
              type: 'string',
              format: 'date-time',
            },
            {
              type: 'null',
            },
          ],
        },
        scheduledAt: {
          type: 'string',
          format: 'date-time',
        },
        flagId: {
          type: 'string',
          minLength: 1,
        },
        changeType: {
          enum: ['enable', 'disable', 'update_value', 'update_rollout'],
        },
        newValue: {},
        newRolloutPercentage: {
          anyOf: [
            {
              type: 'integer',
              minimum: 0,
              maximum: 100,
            },
            {
              type: 'null',
            },
          ],
        },
        createdBy: {
          type: ['string', 'null'],
        },
      },
    },
    timeSchedule: {
      type: 'object',
      required: ['id', 'flagId', 'recurrenceType'],
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        createdAt: {
          type: 'string',
          format: 'date-time',
        },
        updatedAt: {
          type: 'string',
          format: 'date-time',
        },
        flagId: {
          type: 'string',
          minLength: 1,
        },
        name: {
          type: 'string',
        },
        recurrenceType: {
          enum: ['daily', 'weekly', 'monthly', 'cron'],
        },
        startTime: {
          type: 'string',
          pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$',
        },
        endTime: {
          type: 'string',
          pattern: '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$',
        },
        daysOfWeek: {
          anyOf: [
            {
              type: 'array',
              items: {
                type: 'integer',
                minimum: 0,
                maximum: 6,
              },
            },
            {
              type: 'null',
            },
          ],
        },
        daysOfMonth: {
          anyOf: [
            {
              type: 'array',
              items: {
                type: 'integer',
                minimum: 1,
                maximum: 31,
              },
            },
            {
              type: 'null',
            },
          ],
        },
        cronExpression: {
          type: ['string', 'null'],
        },
        timezone: {
          type: 'string',
        },
        enabled: {
          type: 'boolean',
        },
        validFrom: {
          anyOf: [
            {
              type: 'string',
              format: 'date-time',
            },
            {
              type: 'null',
            },
          ],
        },
        validUntil: {
          anyOf: [
            {
              type: 'string',
              format: 'date-time',
            },
            {
              type: 'null',
            },
          ],
        },
      },
    },
    rolloutPhase: {
      type: 'object',
      required: ['id', 'flagId', 'phaseNumber', 'targetPercentage', 'scheduledAt'],
      properties: {
        id: {
          type: 'string',
          minLength: 1,
        },
        createdAt: {
          type: 'string',
          format: 'date-time',
        },
        updatedAt: {
          type: 'string',
          format: 'date-time',
        },
        claimedBy: {
          type: ['string', 'null'],
        },
        claimExpiresAt: {
          anyOf: [
            {
              type: 'string',
              format: 'date-time',
            },
            {
              type: 'null',
            },
          ],
        },
        outcome: {
          type: ['string', 'null'],
        },
        executed: {
          type: 'boolean',
        },
        executedAt: {
          anyOf: [
            {
              type: 'string',
              format: 'date-time',
            },
            {
              type: 'null',
            },
          ],
        },
        scheduledAt: {
          type: 'string',
          format: 'date-time',
        },
        flagId: {
          type: 'string',
          minLength: 1,
        },
        phaseNumber: {
          type: 'integer',
          minimum: 1,
        },
        targetPercentage: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
        },
      },
    },
  },
} as const;
