import { ValidationError } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { type EventDetails, OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { FlagsProvider } from '../src/index.js';
import { eventually, gatedStorage } from './support/gated-storage.js';

let domainCount = 0;
const nextDomain = () => `lifecycle-${++domainCount}`;

afterEach(async () => {
  await OpenFeature.clearProviders();
});

describe('provider lifecycle', () => {
  it('2.1.1: metadata names the provider; runs on the server', () => {
    const provider = new FlagsProvider({ storage: new MemoryStorageBackend() });
    expect(provider.metadata.name).toBe('@flags/openfeature');
    expect(provider.runsOn).toBe('server');
  });

  it('bad options are a ValidationError naming the option', () => {
    expect(() => new FlagsProvider({} as never)).toThrow(ValidationError);
    expect(() => new FlagsProvider({} as never)).toThrow(/storage/);
    const storage = new MemoryStorageBackend();
    expect(() => new FlagsProvider({ storage, pollMs: 0 })).toThrow(/pollMs/);
    expect(() => new FlagsProvider({ storage, timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(() => new FlagsProvider({ storage, disabledValue: 'off' as never })).toThrow(/disabledValue/);
  });

  it('2.2.7: before initialize, a resolver answers the default with PROVIDER_NOT_READY', async () => {
    const provider = new FlagsProvider({ storage: new MemoryStorageBackend() });
    const resolution = await provider.resolveBooleanEvaluation('any', true, {});
    expect(resolution).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
  });

  it('1.7.1, 2.4.1, 2.8.2: initialize waits for the first load; until then the SDK says NOT_READY', async () => {
    const memory = new MemoryStorageBackend();
    await memory.createFlag({ key: 'on', defaultEnabled: true });
    const gated = gatedStorage(memory);
    const domain = nextDomain();
    const ready: EventDetails[] = [];
    const client = OpenFeature.getClient(domain);
    client.addHandler(ProviderEvents.Ready, (details) => {
      ready.push(details!);
    });
    const registered = OpenFeature.setProviderAndWait(domain, new FlagsProvider({ storage: gated.storage }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(client.providerStatus).toBe(ProviderStatus.NOT_READY);
    expect(await client.getBooleanDetails('on', false)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
    });
    expect(ready).toHaveLength(0);
    gated.open();
    await registered;
    expect(client.providerStatus).toBe(ProviderStatus.READY);
    expect(ready).toHaveLength(1);
    expect(await client.getBooleanValue('on', false)).toBe(true);
  });

  it('5.3.1, 5.1.2: PROVIDER_CONFIGURATION_CHANGED names exactly the flags that changed', async () => {
    const storage = new MemoryStorageBackend();
    const parent = await storage.createSegment({
      name: 'pro',
      conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }],
    });
    const child = await storage.createSegment({ name: 'pro-de', parentSegmentId: parent.id });
    const inSegment = (value: string) => [
      { name: 'r', conditions: [{ attribute: 's', operator: 'in_segment' as const, value }] },
    ];
    await storage.createFlag({ key: 'plain' });
    await storage.createFlag({ key: 'edited' });
    await storage.createFlag({ key: 'doomed' });
    await storage.createFlag({ key: 'by-parent', rules: inSegment('pro') });
    await storage.createFlag({ key: 'by-child', rules: inSegment(child.id) });
    const domain = nextDomain();
    await OpenFeature.setProviderAndWait(domain, new FlagsProvider({ storage, pollMs: 20 }));
    const client = OpenFeature.getClient(domain);
    const changes: string[][] = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      changes.push(details?.flagsChanged ?? []);
    });
    const next = async () => {
      const seen = changes.length;
      await eventually(() => changes.length > seen);
      return changes[changes.length - 1];
    };

    const edited = (await storage.getFlag('edited'))!;
    await storage.updateFlag({ ...edited, defaultEnabled: true });
    expect(await next()).toStrictEqual(['edited']);

    await storage.createFlag({ key: 'added' });
    expect(await next()).toStrictEqual(['added']);

    await storage.deleteFlag('doomed');
    expect(await next()).toStrictEqual(['doomed']);
    expect(changes.flat()).not.toContain('plain');

    // A parent segment's change reaches the flags of its children too.
    await storage.updateSegment({ ...(await storage.getSegment(parent.id))!, description: 'paying' });
    expect(await next()).toStrictEqual(['by-child', 'by-parent']);

    await storage.updateSegment({ ...(await storage.getSegment(child.id))!, description: 'germany' });
    expect(await next()).toStrictEqual(['by-child']);

    // A time schedule travels with its flag: adding one changes that flag.
    const plain = (await storage.getFlag('plain'))!;
    await storage.createTimeSchedule({
      flagId: plain.id,
      name: 'office',
      recurrenceType: 'daily',
      startTime: '09:00',
      endTime: '17:00',
    });
    expect(await next()).toStrictEqual(['plain']);
  });

  it('2.5.1, 2.5.2, 2.5.3: onClose stops every poll; closing twice is fine; the storage stays open', async () => {
    const memory = new MemoryStorageBackend();
    await memory.createFlag({ key: 'on', defaultEnabled: true });
    const gated = gatedStorage(memory);
    gated.open();
    const provider = new FlagsProvider({ storage: gated.storage, pollMs: 5 });
    const domain = nextDomain();
    await OpenFeature.setProviderAndWait(domain, provider);
    const client = OpenFeature.getClient(domain);
    // Writes are pushed to the provider, which then reads the change feed.
    const before = gated.calls();
    await memory.updateFlag({ ...(await memory.getFlag('on'))!, defaultEnabled: false });
    await eventually(async () => (await client.getBooleanValue('on', true)) === false);
    expect(gated.calls()).toBeGreaterThan(before);
    await provider.onClose();
    await provider.onClose();
    const after = gated.calls();
    await memory.updateFlag({ ...(await memory.getFlag('on'))!, defaultEnabled: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gated.calls()).toBe(after);
    // Reverted to its uninitialized state.
    expect(await provider.resolveBooleanEvaluation('on', false, {})).toMatchObject({ errorCode: 'PROVIDER_NOT_READY' });
    expect(await memory.healthCheck()).toBe(true);
  });

  it('closeStorage: true closes the storage with the provider', async () => {
    const storage = new MemoryStorageBackend();
    const provider = new FlagsProvider({ storage, closeStorage: true });
    await provider.initialize();
    await provider.onClose();
    expect(await storage.healthCheck()).toBe(false);
  });
});
