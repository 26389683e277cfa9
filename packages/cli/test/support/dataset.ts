import {
  type EvaluationContext,
  type EvaluationDetails,
  evaluateFlag,
  type FlagOverride,
  type JsonValue,
  type StorageBackend,
} from '@flags/core';

const DAY = 86_400_000;
/** Far enough ahead that no override of the data set expires during a test run. */
const LATER = new Date('2099-01-01T00:00:00Z');

/**
 * A data set that exercises every model and the engine's every step: segments with a parent, flags of
 * each type with rules (many operators, rollouts, a segment), variants, time schedules, scheduled
 * changes, rollout phases and a few hundred overrides.
 */
export async function seed(store: StorageBackend, overridesPerFlag = 40): Promise<void> {
  const staff = await store.createSegment({
    name: 'staff',
    conditions: [{ attribute: 'email', operator: 'ends_with', value: '@example.com' }],
  });
  await store.createSegment({
    name: 'staff-in-de',
    parentSegmentId: staff.id,
    conditions: [{ attribute: 'country', operator: 'eq', value: 'DE' }],
  });
  const checkout = await store.createFlag({
    key: 'new-checkout',
    name: 'New checkout — Größe 🚀',
    tags: ['checkout'],
    metadata: { owner: 'payments', risk: { level: 2 } },
    rules: [
      { name: 'staff', conditions: [{ attribute: 'segment', operator: 'in_segment', value: 'staff-in-de' }] },
      {
        name: 'pro-30',
        conditions: [
          { attribute: 'plan', operator: 'in', value: ['pro', 'enterprise'] },
          { attribute: 'appVersion', operator: 'semver_gte', value: '2.0.0' },
        ],
        rolloutPercentage: 30,
      },
      { name: 'everyone-10', rolloutPercentage: 10 },
    ],
  });
  const color = await store.createFlag({
    key: 'button-color',
    flagType: 'string',
    defaultValue: 'blue',
    rules: [
      {
        name: 'mobile',
        conditions: [{ attribute: 'platform', operator: 'in', value: ['ios', 'android'] }],
        serveValue: 'green',
      },
      { name: 'off', enabled: false, serveValue: 'never' },
    ],
    variants: [
      { key: 'blue', value: { value: 'blue' }, weight: 50 },
      { key: 'green', value: { value: 'green' }, weight: 30 },
      { key: 'red', value: { value: 'red' }, weight: 20 },
    ],
  });
  const limit = await store.createFlag({
    key: 'upload-limit',
    flagType: 'number',
    defaultValue: 10,
    rules: [{ name: 'big', conditions: [{ attribute: 'plan', operator: 'eq', value: 'enterprise' }], serveValue: 500 }],
  });
  const config = await store.createFlag({
    key: 'ui-config',
    flagType: 'json',
    defaultValue: { theme: 'light', widgets: ['news'] },
    rules: [
      {
        name: 'matches',
        conditions: [{ attribute: 'userAgent', operator: 'matches', value: 'Chrome/\\d+' }],
        serveValue: { theme: 'dark' },
      },
    ],
  });
  await store.createFlag({ key: 'legacy-search', status: 'inactive', defaultEnabled: true });
  const hours = await store.createFlag({ key: 'business-hours', defaultEnabled: true });
  await store.createTimeSchedule({
    flagId: hours.id,
    name: 'office',
    recurrenceType: 'daily',
    startTime: '09:00',
    endTime: '17:30',
    timezone: 'Europe/Berlin',
  });
  await store.createTimeSchedule({
    flagId: color.id,
    name: 'weekend',
    recurrenceType: 'weekly',
    startTime: '00:00',
    endTime: '23:59:59',
    daysOfWeek: [5, 6],
    enabled: false,
  });
  await store.createScheduledChange({
    flagId: checkout.id,
    changeType: 'update_rollout',
    scheduledAt: new Date('2030-01-01T00:00:00Z'),
    newRolloutPercentage: 60,
    createdBy: 'alice@example.com',
  });
  await store.createScheduledChange({
    flagId: color.id,
    changeType: 'update_value',
    scheduledAt: new Date('2030-02-01T00:00:00Z'),
    newValue: 'orange',
  });
  await store.createRolloutPhase({
    flagId: checkout.id,
    phaseNumber: 1,
    targetPercentage: 50,
    scheduledAt: new Date('2030-03-01T00:00:00Z'),
  });
  await store.createRolloutPhase({
    flagId: checkout.id,
    phaseNumber: 2,
    targetPercentage: 100,
    scheduledAt: new Date('2030-04-01T00:00:00Z'),
  });
  const flags = [checkout, color, limit, config];
  for (let i = 0; i < overridesPerFlag; i++) {
    const flag = flags[i % flags.length]!;
    const value: JsonValue =
      flag.flagType === 'string'
        ? `v${i}`
        : flag.flagType === 'number'
          ? i
          : flag.flagType === 'json'
            ? { n: i }
            : null;
    await store.upsertOverride({
      flagId: flag.id,
      entityType: i % 3 === 0 ? 'organization' : 'user',
      entityId: i % 3 === 0 ? `org-${i % 7}` : `user-${i * 13}`,
      enabled: i % 2 === 0,
      value,
      expiresAt: i % 5 === 0 ? LATER : null,
    });
  }
}

/** `count` varied contexts (ids, attributes, versions, times across a week). */
export function contexts(count = 1000): EvaluationContext[] {
  const plans = ['free', 'pro', 'enterprise'];
  const platforms = ['ios', 'android', 'web'];
  return Array.from({ length: count }, (_, i) => ({
    targetingKey: i % 17 === 0 ? undefined : `user-${i}`,
    userId: `user-${i}`,
    organizationId: `org-${i % 9}`,
    appVersion: `${1 + (i % 3)}.${i % 5}.0`,
    userAgent: i % 4 === 0 ? 'Mozilla/5.0 Chrome/120' : 'curl/8',
    country: i % 6 === 0 ? 'DE' : 'US',
    timestamp: new Date(Date.UTC(2026, 5, 15) + ((i * 7919) % 7) * DAY + ((i * 104729) % DAY)),
    attributes: {
      plan: plans[i % 3]!,
      platform: platforms[i % 3]!,
      email: i % 10 === 0 ? `u${i}@example.com` : `u${i}@mail.test`,
    },
  }));
}

type Answer = Pick<EvaluationDetails<JsonValue>, 'value' | 'reason' | 'variant' | 'errorCode'>;

/** Every flag of the store evaluated for every context by core's engine, from one read of the store. */
export async function evaluateAll(
  store: StorageBackend,
  list: readonly EvaluationContext[],
): Promise<Record<string, Answer[]>> {
  const [flags, segments] = await Promise.all([store.getAllFlags(), store.getAllSegments()]);
  const answers: Record<string, Answer[]> = {};
  for (const flag of flags) {
    const overrides: FlagOverride[] = await store.listOverrides(flag.id);
    answers[flag.key] = list.map((context) => {
      const d = evaluateFlag<JsonValue>(flag, context, { defaultValue: null, overrides, segments });
      return { value: d.value, reason: d.reason, variant: d.variant, errorCode: d.errorCode };
    });
  }
  return answers;
}
