import type {
  FeatureFlag,
  FeatureFlagInput,
  FlagOverrideInput,
  RolloutPhaseInput,
  ScheduledFlagChangeInput,
  SegmentInput,
  TimeScheduleInput,
} from '@flags/core';
import type { CheckContext } from './check.js';

/** A boolean flag input with a unique key; `fields` override anything. */
export function flagInput(ctx: CheckContext, fields: Partial<FeatureFlagInput> = {}): FeatureFlagInput {
  return { key: ctx.unique('flag'), name: 'Conformance flag', ...fields };
}

/** Creates a flag on the context's backend (see {@link flagInput}). */
export function seedFlag(ctx: CheckContext, fields: Partial<FeatureFlagInput> = {}): Promise<FeatureFlag> {
  return ctx.backend.createFlag(flagInput(ctx, fields));
}

/** A flag input with rules of several operators, variants, tags and nested metadata. */
export function richFlagInput(ctx: CheckContext, fields: Partial<FeatureFlagInput> = {}): FeatureFlagInput {
  return {
    key: ctx.unique('rich'),
    name: 'Rich flag',
    description: 'A flag with every part filled',
    flagType: 'boolean',
    status: 'active',
    defaultEnabled: true,
    tags: ['checkout', 'team:payments'],
    metadata: { owner: 'payments', ticket: { id: 42, links: ['a', 'b'] } },
    rules: [
      {
        name: 'beta users',
        description: 'internal beta',
        priority: 1,
        conditions: [
          { attribute: 'country', operator: 'in', value: ['DE', 'FR'] },
          { attribute: 'appVersion', operator: 'semver_gte', value: '2.1.0-beta.1' },
          { attribute: 'email', operator: 'matches', value: '@example\\.com$' },
        ],
        serveEnabled: true,
        rolloutPercentage: 30,
      },
      { name: 'everyone else', priority: 2, conditions: [], serveEnabled: false, rolloutPercentage: null },
    ],
    variants: [
      { key: 'control', name: 'Control', value: { enabled: false }, weight: 50 },
      { key: 'treatment', name: 'Treatment', description: 'new flow', value: { enabled: true }, weight: 50 },
    ],
    ...fields,
  };
}

/** A valid override input for `flagId`. */
export function overrideInput(flagId: string, fields: Partial<FlagOverrideInput> = {}): FlagOverrideInput {
  return { flagId, entityType: 'user', entityId: 'user-1', enabled: true, ...fields };
}

/** A valid pending `enable` change of `flagId`, an hour from now unless `fields` say otherwise. */
export function scheduledChangeInput(
  flagId: string,
  fields: Partial<ScheduledFlagChangeInput> = {},
): ScheduledFlagChangeInput {
  return { flagId, changeType: 'enable', scheduledAt: inMs(3_600_000), ...fields };
}

/** A valid daily time schedule of `flagId`. */
export function timeScheduleInput(flagId: string, fields: Partial<TimeScheduleInput> = {}): TimeScheduleInput {
  return { flagId, name: 'office hours', recurrenceType: 'daily', startTime: '09:00', endTime: '17:30', ...fields };
}

/** A valid pending rollout phase of `flagId`, an hour from now unless `fields` say otherwise. */
export function rolloutPhaseInput(
  flagId: string,
  phaseNumber: number,
  fields: Partial<RolloutPhaseInput> = {},
): RolloutPhaseInput {
  return { flagId, phaseNumber, targetPercentage: 10 * phaseNumber, scheduledAt: inMs(3_600_000), ...fields };
}

/** A valid segment input with a unique name. */
export function segmentInput(ctx: CheckContext, fields: Partial<SegmentInput> = {}): SegmentInput {
  return {
    name: ctx.unique('segment'),
    conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }],
    ...fields,
  };
}

/** The instant `ms` milliseconds from now (negative: in the past). */
export function inMs(ms: number): Date {
  return new Date(Date.now() + ms);
}
