import { isInRollout } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { type EvaluationContext, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlagsProvider, OVERRIDE_VARIANT } from '../src/index.js';
import { eventually } from './support/gated-storage.js';

const storage = new MemoryStorageBackend();
const client = OpenFeature.getClient('resolution');
const offValues = OpenFeature.getClient('resolution-off-values');

beforeAll(async () => {
  const pro = await storage.createSegment({
    name: 'pro',
    conditions: [{ attribute: 'plan', operator: 'in', value: ['pro'] }],
  });
  const beta = await storage.createFlag({
    key: 'beta',
    tags: ['growth', 'q3'],
    metadata: { owner: 'team-a', jira: 42, live: true, nested: { no: 1 }, nothing: null, type: 'mine' },
    rules: [
      { name: 'pro', conditions: [{ attribute: 'segment', operator: 'in_segment', value: pro.id }] },
      { name: 'deep', conditions: [{ attribute: 'company', operator: 'eq', value: { size: 40 } }] },
      { name: 'half', rolloutPercentage: 50 },
    ],
  });
  await storage.upsertOverride({ flagId: beta.id, entityType: 'user', entityId: 'vip', enabled: true });
  await storage.createFlag({
    key: 'theme',
    flagType: 'string',
    defaultValue: 'light',
    variants: [
      { key: 'dark', weight: 50, value: { value: 'dark' } },
      { key: 'blue', weight: 50, value: { value: 'blue' } },
    ],
  });
  await storage.createFlag({ key: 'limit', flagType: 'number', status: 'inactive', defaultValue: 10 });
  const night = await storage.createFlag({ key: 'night-only', defaultEnabled: true });
  await storage.createTimeSchedule({
    flagId: night.id,
    name: 'never now',
    recurrenceType: 'daily',
    startTime: '00:00',
    endTime: '00:00',
    validUntil: new Date('2000-01-02T00:00:00Z'),
  });
  await OpenFeature.setProviderAndWait('resolution', new FlagsProvider({ storage, pollMs: 20 }));
  await OpenFeature.setProviderAndWait(
    'resolution-off-values',
    new FlagsProvider({ storage, disabledValue: 'off-value' }),
  );
});
afterAll(() => OpenFeature.clearProviders());

describe('context mapping', () => {
  it('top-level keys are attributes: a segment on `plan` matches a flat context', async () => {
    expect(await client.getBooleanDetails('beta', false, { targetingKey: 'x', plan: 'pro' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      variant: 'pro',
    });
  });

  it('nested objects are kept as attribute values', async () => {
    const details = await client.getBooleanDetails('beta', false, { company: { size: 40 } });
    expect(details).toMatchObject({ value: true, variant: 'deep' });
  });

  it('targetingKey buckets rollouts exactly as @flags core does', async () => {
    for (let i = 0; i < 40; i++) {
      const targetingKey = `user-${i}`;
      const details = await client.getBooleanDetails('beta', false, { targetingKey });
      const inside = isInRollout('beta', targetingKey, 50);
      expect(details, targetingKey).toMatchObject(
        inside ? { value: true, variant: 'half' } : { value: false, reason: 'DEFAULT' },
      );
    }
  });

  it('prototype keys are never read: an inherited plan matches nothing', async () => {
    const inherited = Object.create({ plan: 'pro' }) as EvaluationContext;
    expect(await client.getBooleanDetails('beta', false, inherited)).toMatchObject({ reason: 'DEFAULT' });
  });
});

describe('reasons and variants', () => {
  it('an override (userId at the top level) is TARGETING_MATCH with the override variant', async () => {
    expect(await client.getBooleanDetails('beta', false, { userId: 'vip' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      variant: OVERRIDE_VARIANT,
    });
  });

  it('a variant split is SPLIT with the variant key', async () => {
    const details = await client.getStringDetails('theme', 'none', { targetingKey: 'user-1' });
    expect(details.reason).toBe('SPLIT');
    expect(details.value).toBe(details.variant);
  });

  it('DISABLED serves the caller fallback; with disabledValue "off-value" the flag off value', async () => {
    expect(await client.getNumberDetails('limit', 3)).toMatchObject({ value: 3, reason: 'DISABLED' });
    expect(await offValues.getNumberDetails('limit', 3)).toMatchObject({ value: 10, reason: 'DISABLED' });
    // Outside every time schedule is DISABLED too.
    expect(await client.getBooleanDetails('night-only', true)).toMatchObject({ value: true, reason: 'DISABLED' });
    expect(await offValues.getBooleanDetails('night-only', true)).toMatchObject({ value: false, reason: 'DISABLED' });
  });
});

describe('flag metadata', () => {
  it('2.2.9, 2.2.10: flat own metadata plus type, version and tags; nested and null entries left out', async () => {
    const { flagMetadata } = await client.getBooleanDetails('beta', false);
    expect(flagMetadata).toStrictEqual({
      owner: 'team-a',
      jira: 42,
      live: true,
      type: 'boolean',
      version: 1,
      tags: 'growth,q3',
    });
  });

  it('the version follows updates', async () => {
    const flag = (await storage.getFlag('theme'))!;
    await storage.updateFlag({ ...flag, description: 'colors' });
    await eventually(async () => (await client.getStringDetails('theme', '')).flagMetadata.version === 2);
    expect((await client.getStringDetails('theme', '')).flagMetadata).toMatchObject({ type: 'string', version: 2 });
  });

  it('an unknown flag has empty metadata', async () => {
    expect((await client.getBooleanDetails('ghost', false)).flagMetadata).toStrictEqual({});
  });
});

/** A flag written after registration is served once the change feed has carried it to the provider. */
async function servedByProvider(key: string): Promise<void> {
  await eventually(async () => (await client.getBooleanDetails(key, false)).errorCode !== 'FLAG_NOT_FOUND');
}

describe('flag model v2', () => {
  it('a failed prerequisite serves the off value with reason PREREQUISITE_FAILED; a met one lets the flag serve', async () => {
    await storage.createFlag({
      key: 'gated',
      defaultEnabled: true,
      prerequisites: [{ flagKey: 'theme', variant: 'dark' }],
    });
    await servedByProvider('gated');
    const seen = new Set<string>();
    for (const targetingKey of ['k-1', 'k-2', 'k-3', 'k-4', 'k-5', 'k-6', 'k-7', 'k-8']) {
      const theme = await client.getStringDetails('theme', '', { targetingKey });
      const details = await client.getBooleanDetails('gated', false, { targetingKey });
      seen.add(details.reason ?? '');
      expect(details).toMatchObject(
        theme.variant === 'dark' ? { value: true, reason: 'STATIC' } : { value: false, reason: 'PREREQUISITE_FAILED' },
      );
      expect(details.errorCode).toBeUndefined();
    }
    expect([...seen].sort()).toStrictEqual(['PREREQUISITE_FAILED', 'STATIC']);
  });

  it('the default value is reported with its defaultVariant', async () => {
    await storage.createFlag({ key: 'named-default', flagType: 'number', defaultValue: 3, defaultVariant: 'three' });
    await servedByProvider('named-default');
    expect(await client.getNumberDetails('named-default', 0)).toMatchObject({
      value: 3,
      reason: 'STATIC',
      variant: 'three',
    });
  });
});
