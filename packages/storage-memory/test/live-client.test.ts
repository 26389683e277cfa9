import {
  exportDocument,
  FeatureFlagClient,
  LiveFlagClient,
  type LiveFlagClientOptions,
  type StorageBackend,
  StorageError,
  ValidationError,
} from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { liveOutageScenario } from '@flags/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { switchable } from './support/switchable.js';

const open: LiveFlagClient[] = [];
afterEach(async () => {
  for (const client of open.splice(0)) await client.close();
});

function live(options: LiveFlagClientOptions): LiveFlagClient {
  const client = new LiveFlagClient({ pollMs: 20, retryMs: 10, maxRetryMs: 40, ...options });
  open.push(client);
  return client;
}

async function until(what: string, probe: () => boolean | Promise<boolean>, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const ann = { userId: 'ann', targetingKey: 'ann' };

/** The backend as one that cannot push (like SQLite or MariaDB): the client polls it. */
function withoutPush(backend: MemoryStorageBackend): StorageBackend {
  return new Proxy(backend, {
    get(target, property) {
      if (property === 'subscribe') return undefined;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('LiveFlagClient on memory', () => {
  it('serves the default with PROVIDER_NOT_READY before the first load', async () => {
    const writer = new MemoryStorageBackend();
    await writer.createFlag({ key: 'on', defaultEnabled: true });
    const client = live({ storage: new MemoryStorageBackend({ store: writer.store }) });
    expect(await client.getBooleanDetails('on', false)).toMatchObject({
      value: false,
      errorCode: 'PROVIDER_NOT_READY',
    });
    expect(client.getBooleanValueSync('on', false)).toBe(false);
    expect(await client.getAllFlags()).toStrictEqual({});
    expect(await client.getFlags(['on'])).toMatchObject({ on: { value: null, errorCode: 'PROVIDER_NOT_READY' } });
    await client.ready();
    expect(client.getBooleanValueSync('on', false)).toBe(true);
  });

  it('makes no storage call on the hot path, and one overrides read per set of new entities', async () => {
    const writer = new MemoryStorageBackend();
    const flag = await writer.createFlag({ key: 'f', defaultEnabled: false });
    await writer.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'ann', enabled: true });
    const store = switchable(new MemoryStorageBackend({ store: writer.store }));
    const client = live({ storage: store.backend, pollMs: 60_000, pushPollMs: 60_000 });
    await client.ready();
    store.reset();
    expect(await client.getBooleanValue('f', false, ann)).toBe(true);
    expect(store.calls).toStrictEqual({ getOverridesForEntities: 1 });
    for (let i = 0; i < 1000; i++) {
      await client.getBooleanValue('f', false, ann);
      client.getBooleanValueSync('f', false, ann);
      client.getAllFlagsSync(ann);
      await client.getFlags(['f', 'missing']);
    }
    expect(store.total()).toBe(1);
  });

  it('pushes changes without waiting for a poll (memory subscribes in process)', async () => {
    const writer = new MemoryStorageBackend();
    const flag = await writer.createFlag({ key: 'pushed', defaultEnabled: false });
    const client = live({
      storage: new MemoryStorageBackend({ store: writer.store }),
      pollMs: 60_000,
      pushPollMs: 60_000,
    });
    await client.ready();
    await writer.updateFlag({ ...flag, defaultEnabled: true });
    await until('the pushed update', () => client.getBooleanValueSync('pushed', false), 2000);
  });

  it('learns the head of the feed at a cold start without reading the changes it retains', async () => {
    const writer = new MemoryStorageBackend();
    for (let i = 0; i < 30; i++) await writer.createFlag({ key: `retained-${i}` });
    const answered: number[] = [];
    const counted = new Proxy(new MemoryStorageBackend({ store: writer.store }), {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property !== 'getChanges') return value.bind(target);
        return async (...args: unknown[]) => {
          const batch = await value.apply(target, args);
          answered.push(batch.reset ? 0 : batch.changes.length);
          return batch;
        };
      },
    });
    const client = live({ storage: counted, pollMs: 60_000, pushPollMs: 60_000 });
    await client.ready();
    expect(client.status().flags).toBe(30);
    expect(answered.length).toBeGreaterThan(0);
    expect(
      answered.every((changes) => changes === 0),
      `changes per getChanges: ${answered.join(', ')}`,
    ).toBe(true);
  });

  it('a push that arrives while a sync runs gets one more sync right after it, not at the next poll', async () => {
    const writer = new MemoryStorageBackend();
    const first = await writer.createFlag({ key: 'first', defaultEnabled: false });
    const second = await writer.createFlag({ key: 'second', defaultEnabled: false });
    const reader = new MemoryStorageBackend({ store: writer.store });
    // The next feed read answers as the store was when it was called, but only once released: a sync
    // still running when the second write is pushed (a write to another flag, so the first sync's
    // refetch cannot carry it).
    let hold: Promise<void> | null = null;
    let release = () => {};
    const held = new Proxy(reader, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property !== 'getChanges') return value.bind(target);
        return async (...args: unknown[]) => {
          const answer = await value.apply(target, args);
          if (hold !== null) await hold;
          return answer;
        };
      },
    });
    const client = live({ storage: held, pollMs: 60_000, pushPollMs: 60_000 });
    await client.ready();
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    await writer.updateFlag({ ...first, defaultEnabled: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writer.updateFlag({ ...second, defaultEnabled: true });
    hold = null;
    release();
    await until('the write pushed during the sync', () => client.getBooleanValueSync('second', false), 2000);
    expect(client.getBooleanValueSync('first', false)).toBe(true);
  });

  it('keeps serving the last good snapshot through an outage, says it is stale, and recovers', async () => {
    const writer = new MemoryStorageBackend();
    const flag = await writer.createFlag({ key: 'kept', flagType: 'string', defaultValue: 'before' });
    const store = switchable(new MemoryStorageBackend({ store: writer.store }));
    const errors: unknown[] = [];
    const client = live({ storage: store.backend, pushPollMs: 20, staleAfterMs: 100, onError: (e) => errors.push(e) });
    await client.ready();
    await client.getStringValue('kept', 'x', ann);
    store.down = true;
    await until('a failed sync', () => client.status().failures > 0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await client.getStringDetails('kept', 'x', ann)).toMatchObject({ value: 'before', stale: true });
    // A new entity while the store is down: served from the snapshot without waiting on the store.
    expect(await client.getStringDetails('kept', 'x', { userId: 'new' })).toMatchObject({
      value: 'before',
      stale: true,
    });
    expect(errors[0]).toBeInstanceOf(StorageError);
    const during = store.total();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Backoff: a handful of retries, not a storm.
    expect(store.total() - during).toBeLessThan(20);
    await writer.updateFlag({ ...flag, defaultValue: 'after' });
    store.down = false;
    await until('recovery', () => client.getStringValueSync('kept', 'x', ann) === 'after');
    expect(client.getStringDetailsSync('kept', 'x', ann).stale).toBeUndefined();
    expect(client.status()).toMatchObject({ failures: 0, stale: false });
  });

  it('runs the outage scenario every backend runs (here with a store that fails every call)', async () => {
    const store = new MemoryStorageBackend();
    let down = false;
    await liveOutageScenario({
      open: async () => {
        const instance = switchable(new MemoryStorageBackend({ store: store.store }));
        // Every instance follows the shared switch.
        Object.defineProperty(instance, 'down', { get: () => down });
        return instance.backend;
      },
      stop: async () => {
        down = true;
      },
      start: async () => {
        down = false;
      },
    });
  });

  it('ready() rejects when the store is down and there is no bootstrap, then recovers in the background', async () => {
    const writer = new MemoryStorageBackend();
    await writer.createFlag({ key: 'later', defaultEnabled: true });
    const store = switchable(new MemoryStorageBackend({ store: writer.store }));
    store.down = true;
    const client = live({ storage: store.backend });
    await expect(client.ready()).rejects.toBeInstanceOf(StorageError);
    expect(client.getBooleanDetailsSync('later', false).errorCode).toBe('PROVIDER_NOT_READY');
    store.down = false;
    await until('the background load', () => client.status().ready);
    await client.ready();
    expect(client.getBooleanValueSync('later', false)).toBe(true);
  });

  it('starts from a bootstrap document while the store is down, then switches to the store', async () => {
    const source = new MemoryStorageBackend();
    const seg = await source.createSegment({
      name: 'pros',
      conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }],
    });
    const flag = await source.createFlag({
      key: 'boot',
      rules: [
        {
          name: 'pros',
          priority: 1,
          conditions: [{ attribute: 's', operator: 'in_segment', value: seg.name }],
          serveEnabled: true,
        },
      ],
    });
    await source.upsertOverride({ flagId: flag.id, entityType: 'user', entityId: 'ann', enabled: true });
    const document = exportDocument(source);
    const store = switchable(new MemoryStorageBackend({ store: source.store }));
    store.down = true;
    const client = live({ storage: store.backend, bootstrap: document });
    await client.ready();
    expect(client.status()).toMatchObject({ ready: true, bootstrapped: true, stale: true });
    expect(await client.getBooleanDetails('boot', false, ann)).toMatchObject({
      value: true,
      reason: 'OVERRIDE',
      stale: true,
    });
    expect(client.getBooleanValueSync('boot', false, { attributes: { plan: 'pro' } })).toBe(true);
    await source.updateFlag({ ...flag, status: 'inactive' });
    store.down = false;
    await until('the store', () => !client.status().bootstrapped);
    expect(await client.getBooleanDetails('boot', true, ann)).toMatchObject({ value: false, reason: 'DISABLED' });
  });

  it('bounds the reads of a full load by loadTimeoutMs, not timeoutMs', async () => {
    const store = new MemoryStorageBackend();
    await store.createFlag({ key: 'slow', defaultEnabled: true });
    // A full read slower than one call's limit, as 10,000 flags on a remote store are.
    const slow = new Proxy(store, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property !== 'getAllFlags') return value.bind(target);
        return async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return target.getAllFlags();
        };
      },
    });
    const tight = live({ storage: slow, timeoutMs: 20, loadTimeoutMs: 20 });
    await expect(tight.ready()).rejects.toThrow(/getAllFlags took longer than 20 ms/);
    const patient = live({ storage: slow, timeoutMs: 20, loadTimeoutMs: 2000 });
    await patient.ready();
    expect(patient.getBooleanValueSync('slow', false)).toBe(true);
  });

  it('rejects a bootstrap that is not a document, and bad options', async () => {
    const store = switchable(new MemoryStorageBackend());
    store.down = true;
    const client = live({ storage: store.backend, bootstrap: '{"format":"other","version":1}' });
    await expect(client.ready()).rejects.toBeInstanceOf(ValidationError);
    expect(() => new LiveFlagClient({ storage: new MemoryStorageBackend(), pollMs: -1 })).toThrow(
      /pollMs: must be a finite number > 0/,
    );
    expect(() => new LiveFlagClient({ storage: {} as never })).toThrow(ValidationError);
  });

  it('reloads everything when its revision fell out of the feed (reset), naming what changed', async () => {
    const retention = { maxChanges: 2 };
    const writer = new MemoryStorageBackend({ feedRetention: retention });
    const a = await writer.createFlag({ key: 'a' });
    await writer.createFlag({ key: 'gone' });
    // A backend without push, so nothing is read until refresh().
    const polled = withoutPush(new MemoryStorageBackend({ store: writer.store, feedRetention: retention }));
    const reader = live({ storage: polled, pollMs: 60_000 });
    await reader.ready();
    const seen: string[] = [];
    reader.onChange((keys) => seen.push(...keys));
    await writer.updateFlag({ ...a, defaultEnabled: true });
    for (const key of ['b', 'c', 'd']) await writer.createFlag({ key });
    await writer.deleteFlag('c');
    await writer.deleteFlag('gone');
    await reader.refresh();
    // 'c' came and went while the reader was behind: it never saw it, so it names it not.
    expect(seen.sort()).toStrictEqual(['a', 'b', 'd', 'gone']);
    expect(reader.getBooleanValueSync('a', false)).toBe(true);
    expect(reader.getBooleanDetailsSync('gone', false).errorCode).toBe('FLAG_NOT_FOUND');
    expect(Object.keys(reader.getAllFlagsSync())).toStrictEqual(['a', 'b', 'd']);
  });

  it('answers as the reading client does after any sequence of writes (property)', async () => {
    const { default: fc } = await import('fast-check');
    const ops = fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('flag' as const),
          key: fc.constantFrom('f1', 'f2', 'f3'),
          on: fc.boolean(),
          seg: fc.boolean(),
        }),
        fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom('f1', 'f2', 'f3') }),
        fc.record({ op: fc.constant('segment' as const), plan: fc.constantFrom('pro', 'free') }),
        fc.record({
          op: fc.constant('override' as const),
          key: fc.constantFrom('f1', 'f2', 'f3'),
          user: fc.constantFrom('ann', 'bob'),
          on: fc.boolean(),
        }),
        fc.record({
          op: fc.constant('unoverride' as const),
          key: fc.constantFrom('f1', 'f2', 'f3'),
          user: fc.constantFrom('ann', 'bob'),
        }),
      ),
      { maxLength: 25 },
    );
    const contexts = ['ann', 'bob', 'cid'].flatMap((u) =>
      ['pro', 'free'].map((plan) => ({ userId: u, attributes: { plan } })),
    );
    await fc.assert(
      fc.asyncProperty(ops, fc.integer({ min: 0, max: 25 }), async (steps, cut) => {
        const writer = new MemoryStorageBackend();
        const segment = await writer.createSegment({
          name: 'seg',
          conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }],
        });
        const client = new LiveFlagClient({
          storage: new MemoryStorageBackend({ store: writer.store }),
          pollMs: 60_000,
          pushPollMs: 60_000,
        });
        const truth = new FeatureFlagClient({ storage: writer });
        try {
          for (const [i, step] of steps.entries()) {
            if (i === cut) await client.ready();
            const flag = 'key' in step ? await writer.getFlag(step.key) : null;
            if (step.op === 'flag') {
              const rules = step.seg
                ? [
                    {
                      name: 'seg',
                      priority: 1,
                      conditions: [{ attribute: 's', operator: 'in_segment' as const, value: 'seg' }],
                      serveEnabled: !step.on,
                    },
                  ]
                : [];
              if (flag) await writer.updateFlag({ ...flag, defaultEnabled: step.on, rules });
              else await writer.createFlag({ key: step.key, defaultEnabled: step.on, rules });
            } else if (step.op === 'delete') await writer.deleteFlag(step.key);
            else if (step.op === 'segment') {
              const current = (await writer.getSegment(segment.id))!;
              await writer.updateSegment({
                ...current,
                conditions: [{ attribute: 'plan', operator: 'eq', value: step.plan }],
              });
            } else if (step.op === 'override' && flag) {
              await writer.upsertOverride({
                flagId: flag.id,
                entityType: 'user',
                entityId: step.user,
                enabled: step.on,
              });
            } else if (step.op === 'unoverride' && flag) await writer.deleteOverride(flag.id, 'user', step.user);
            // Sometimes evaluate midway, so entities are cached before later override writes.
            if (client.status().ready && i % 3 === 0) await client.getAllFlags(contexts[i % contexts.length]);
          }
          await client.ready();
          await client.refresh();
          for (const context of contexts) {
            const expected = await truth.getAllFlags(context);
            const actual = await client.getAllFlags(context);
            expect(actual).toStrictEqual(expected);
          }
        } finally {
          await client.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
