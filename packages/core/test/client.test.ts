import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FeatureFlagClient } from '../src/client/index.js';
import { StorageError } from '../src/errors.js';
import { type CountingBackend, countingBackend } from './support/counting.js';
import { EvaluationStore } from './support/evaluation-store.js';

const plan = (value: string) => ({ attribute: 'plan', operator: 'eq' as const, value });
const inSegment = (name: string) => ({ attribute: 'segment', operator: 'in_segment' as const, value: name });

let store: EvaluationStore;
let counted: CountingBackend;
let client: FeatureFlagClient;

beforeEach(async () => {
  store = new EvaluationStore();
  counted = countingBackend(store);
  client = new FeatureFlagClient({ storage: counted.backend });
  await store.createSegment({ name: 'pro', conditions: [plan('pro')] });
  await store.createFlag({
    key: 'dark-mode',
    defaultEnabled: false,
    rules: [{ name: 'pro', conditions: [plan('pro')] }],
  });
  await store.createFlag({ key: 'banner', flagType: 'string', defaultValue: 'hello' });
  await store.createFlag({ key: 'limit', flagType: 'number', defaultValue: 10 });
  await store.createFlag({ key: 'config', flagType: 'json', defaultValue: { theme: 'light' } });
  await store.createFlag({ key: 'segmented', rules: [{ name: 'pro segment', conditions: [inSegment('pro')] }] });
  await store.createFlag({ key: 'killed', status: 'inactive', defaultEnabled: true });
  counted.reset();
});

describe('typed getters', () => {
  it('serve each type, with details, and the caller default on errors', async () => {
    expect(await client.getBooleanValue('dark-mode', true, { attributes: { plan: 'pro' } })).toBe(true);
    expect(await client.getBooleanValue('dark-mode', true)).toBe(false);
    expect(await client.getStringValue('banner', 'x')).toBe('hello');
    expect(await client.getNumberValue('limit', 0)).toBe(10);
    expect(await client.getObjectValue('config', {})).toEqual({ theme: 'light' });
    expect(await client.getStringValue('limit', 'fallback')).toBe('fallback');
    expect(await client.getNumberDetails('nope', 3)).toMatchObject({
      value: 3,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(await client.getBooleanDetails('dark-mode', false, { attributes: { plan: 'pro' } })).toMatchObject({
      flagKey: 'dark-mode',
      value: true,
      reason: 'TARGETING_MATCH',
      variant: 'pro',
    });
    expect(await client.getStringDetails('banner', '')).toMatchObject({ value: 'hello', reason: 'STATIC' });
    expect(await client.getObjectDetails('banner', null)).toMatchObject({ value: null, errorCode: 'TYPE_MISMATCH' });
  });

  it('isEnabled is false for missing, mistyped and disabled flags', async () => {
    expect(await client.isEnabled('dark-mode', { attributes: { plan: 'pro' } })).toBe(true);
    expect(await client.isEnabled('nope')).toBe(false);
    expect(await client.isEnabled('banner')).toBe(false);
    expect(await client.isEnabled('killed')).toBe(false);
  });

  it('applies overrides and time schedules written through the backend', async () => {
    const flag = (await store.getFlag('dark-mode'))!;
    await store.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u1', enabled: true });
    expect(await client.getBooleanDetails('dark-mode', false, { userId: 'u1' })).toMatchObject({
      value: true,
      reason: 'OVERRIDE',
    });
    await store.createTimeSchedule({ flagId: flag.id, recurrenceType: 'daily', startTime: '09:00', endTime: '17:00' });
    const night = { timestamp: new Date('2024-06-03T22:00:00Z'), attributes: { plan: 'pro' } };
    expect(await client.getBooleanDetails('dark-mode', true, night)).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
    const day = { timestamp: new Date('2024-06-03T10:00:00Z'), attributes: { plan: 'pro' } };
    expect(await client.getBooleanDetails('dark-mode', false, day)).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
  });

  it('merges defaultContext under the call context, attributes included', async () => {
    await store.createFlag({
      key: 'regional',
      rules: [
        {
          conditions: [
            plan('pro'),
            { attribute: 'region', operator: 'eq', value: 'us' },
            { attribute: 'environment', operator: 'eq', value: 'prod' },
          ],
        },
      ],
    });
    const merged = new FeatureFlagClient({
      storage: store,
      defaultContext: { environment: 'prod', attributes: { plan: 'pro', region: 'eu' } },
    });
    expect(await merged.isEnabled('regional', { attributes: { region: 'us' } })).toBe(true);
    expect(await merged.isEnabled('regional', { environment: undefined, attributes: { region: 'us' } })).toBe(true);
    expect(await merged.isEnabled('regional')).toBe(false);
    expect(await merged.isEnabled('regional', { environment: 'dev', attributes: { region: 'us' } })).toBe(false);
  });
});

describe('storage cost', () => {
  it('one evaluation = one getFlag, + getOverrides only for the entities the context names', async () => {
    await client.getBooleanValue('dark-mode', false);
    expect(counted.calls).toEqual({ getFlag: 1 });
    counted.reset();
    const getOverrides = vi.spyOn(store, 'getOverrides');
    await client.getBooleanValue('dark-mode', false, { userId: 'u1', tenantId: 't1' });
    expect(counted.calls).toEqual({ getFlag: 1, getOverrides: 1 });
    expect(getOverrides.mock.calls[0]![1]).toEqual([
      { entityType: 'user', entityId: 'u1' },
      { entityType: 'tenant', entityId: 't1' },
    ]);
  });

  it('reads segments only for flags with segment conditions', async () => {
    expect(await client.getBooleanValue('segmented', false, { userId: 'u1', attributes: { plan: 'pro' } })).toBe(true);
    expect(counted.calls).toEqual({ getFlag: 1, getOverrides: 1, getAllSegments: 1 });
  });

  it('missing, disabled and mistyped flags need the flag read only', async () => {
    for (const [key, read] of [
      ['nope', () => client.isEnabled('nope', { userId: 'u1' })],
      ['killed', () => client.isEnabled('killed', { userId: 'u1' })],
      ['banner', () => client.isEnabled('banner', { userId: 'u1' })],
    ] as const) {
      counted.reset();
      await read();
      expect(counted.calls, key).toEqual({ getFlag: 1 });
    }
  });

  it('bulk calls cost a fixed number of storage calls whatever the number of flags', async () => {
    const context = { userId: 'u1', organizationId: 'o1', attributes: { plan: 'pro' } };
    await client.getAllFlags(context);
    const few = { ...counted.calls };
    expect(few).toEqual({ getAllFlags: 1, getOverridesForFlags: 1, getAllSegments: 1 });
    for (let i = 0; i < 60; i++) {
      await store.createFlag({ key: `bulk-${i}`, rules: [{ conditions: [i % 2 ? inSegment('pro') : plan('pro')] }] });
    }
    counted.reset();
    const all = await client.getAllFlags(context);
    expect(Object.keys(all)).toHaveLength(66);
    expect(counted.calls).toEqual(few);
    counted.reset();
    await client.getFlags(['bulk-1', 'bulk-2', 'bulk-3', 'banner'], context);
    expect(counted.calls).toEqual({ getFlags: 1, getOverridesForFlags: 1, getAllSegments: 1 });
    counted.reset();
    await client.getFlags(['banner', 'limit'], {});
    expect(counted.calls).toEqual({ getFlags: 1 });
  });
});

describe('bulk evaluation', () => {
  it('getAllFlags serves every flag its own type, by key in key order', async () => {
    const flag = (await store.getFlag('limit'))!;
    await store.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'u1', value: 99 });
    const all = await client.getAllFlags({ userId: 'u1', attributes: { plan: 'pro' } });
    expect(Object.keys(all)).toEqual(['banner', 'config', 'dark-mode', 'killed', 'limit', 'segmented']);
    expect(all.banner).toMatchObject({ value: 'hello', reason: 'STATIC' });
    expect(all.config!.value).toEqual({ theme: 'light' });
    expect(all['dark-mode']).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    expect(all.killed).toMatchObject({ value: false, reason: 'DISABLED' });
    expect(all.limit).toMatchObject({ value: 99, reason: 'OVERRIDE' });
    expect(all.segmented).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
  });

  it('getFlags answers every key asked, once, in order; missing keys are FLAG_NOT_FOUND', async () => {
    const some = await client.getFlags(['limit', 'ghost', 'banner', 'limit']);
    expect(Object.keys(some)).toEqual(['limit', 'ghost', 'banner']);
    expect(some.ghost).toMatchObject({ value: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(some.limit!.value).toBe(10);
  });
});

describe('failures never throw', () => {
  const secret = 'postgres://admin:hunter2@db.internal:5432/flags';

  it('a throwing backend gives the caller default with ERROR / GENERAL and no secret', async () => {
    const onError = vi.fn();
    const failing = new FeatureFlagClient({ storage: counted.backend, onError });
    counted.fail('getFlag', () => Promise.reject(new TypeError(`connect failed: ${secret}`)));
    const details = await failing.getBooleanDetails('dark-mode', true);
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'GENERAL' });
    expect(details.errorMessage).toContain('TypeError');
    expect(details.errorMessage).not.toContain('hunter2');
    expect(onError).toHaveBeenCalledOnce();
    counted.fail('getFlag', () => {
      throw new StorageError('[@flags/test] database unreachable');
    });
    expect((await failing.getStringDetails('banner', 'x')).errorMessage).toBe('[@flags/test] database unreachable');
  });

  it('a failing overrides or segments read fails the evaluation the same way', async () => {
    counted.fail('getOverrides', () => Promise.reject(new Error(secret)));
    expect(await client.getBooleanDetails('dark-mode', true, { userId: 'u1' })).toMatchObject({
      value: true,
      errorCode: 'GENERAL',
    });
    counted.fail('getAllSegments', () => Promise.reject(new Error(secret)));
    expect(await client.getBooleanDetails('segmented', true)).toMatchObject({ value: true, errorCode: 'GENERAL' });
  });

  it('a backend that never answers times out into the default', async () => {
    const slow = new FeatureFlagClient({ storage: counted.backend, timeoutMs: 30 });
    counted.fail('getFlag', () => new Promise(() => {}));
    const details = await slow.getNumberDetails('limit', 5);
    expect(details).toMatchObject({ value: 5, reason: 'ERROR', errorCode: 'GENERAL' });
    expect(details.errorMessage).toContain('30 ms');
    counted.fail('healthCheck', () => new Promise(() => {}));
    expect(await slow.healthCheck()).toBe(false);
  });

  it('bulk failures: getAllFlags gives {}, getFlags gives GENERAL per key; a throwing onError is contained', async () => {
    const loud = new FeatureFlagClient({
      storage: counted.backend,
      onError: () => {
        throw new Error('logger down');
      },
    });
    counted.fail('getAllFlags', () => Promise.reject(new Error(secret)));
    expect(await loud.getAllFlags()).toEqual({});
    counted.fail('getOverridesForFlags', () => Promise.reject(new Error(secret)));
    const some = await loud.getFlags(['banner', 'limit'], { userId: 'u1' });
    expect(some.banner).toMatchObject({ value: null, reason: 'ERROR', errorCode: 'GENERAL' });
    expect(JSON.stringify(some)).not.toContain('hunter2');
  });

  it('corrupt stored data gives PARSE_ERROR', async () => {
    const flag = (await store.getFlag('banner'))!;
    store.raw({ ...flag, id: `${flag.id}-x`, defaultValue: 42 });
    expect(await client.getStringDetails('banner', 'x')).toMatchObject({ value: 'x', errorCode: 'PARSE_ERROR' });
  });
});

describe('lifecycle', () => {
  it('healthCheck reports the backend, false when it throws; close closes it', async () => {
    expect(await client.healthCheck()).toBe(true);
    counted.fail('healthCheck', () => Promise.reject(new Error('down')));
    expect(await client.healthCheck()).toBe(false);
    await client.close();
    expect(counted.calls.close).toBe(1);
  });
});
