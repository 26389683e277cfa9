import { LiveFlagClient, type StorageBackend } from '@flags/core';
import { expect } from 'vitest';

/** How {@link liveOutageScenario} reaches a backend's server and takes it down. */
export interface LiveOutageHooks {
  /** A new backend instance on the server (each call a new connection). */
  open(): Promise<StorageBackend>;
  /** Kills the server (or cuts every connection to it). */
  stop(): Promise<void>;
  /** Brings it back, with the data it had. */
  start(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, attempt: () => Promise<T>, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`[@flags/testkit] ${what} still failing after ${limitMs} ms: ${String(error)}`);
      await sleep(100);
    }
  }
}

/**
 * A live client through a server outage: the last good values are served all along (new entities
 * included, without waiting on the dead server), answers say `stale` once the bound passes, and
 * after the server is back a write made then is served — by the same client, with no restart.
 */
export async function liveOutageScenario(hooks: LiveOutageHooks): Promise<void> {
  const key = `outage-${Date.now().toString(36)}`;
  const ann = { userId: 'ann', targetingKey: 'ann' };
  const writer = await hooks.open();
  const flag = await writer.createFlag({ key, flagType: 'string', defaultValue: 'before' });
  const errors: unknown[] = [];
  const client = new LiveFlagClient({
    storage: await hooks.open(),
    pollMs: 50,
    pushPollMs: 200,
    retryMs: 50,
    maxRetryMs: 400,
    staleAfterMs: 300,
    timeoutMs: 2000,
    onError: (error) => errors.push(error),
  });
  try {
    await client.ready();
    expect(await client.getStringValue(key, 'x', ann)).toBe('before');
    await hooks.stop();
    const outageEnds = Date.now() + 1500;
    for (let i = 0; Date.now() < outageEnds; i++) {
      expect(client.getStringValueSync(key, 'x', ann), 'a cached entity during the outage').toBe('before');
      const stranger = await client.getStringDetails(key, 'x', { userId: `new-${i}` });
      expect(stranger.value, 'a new entity during the outage').toBe('before');
      await sleep(100);
    }
    expect(client.status().failures, 'syncs failed during the outage').toBeGreaterThan(0);
    expect(client.getStringDetailsSync(key, 'x', ann)).toMatchObject({ value: 'before', stale: true });
    expect(errors.length).toBeGreaterThan(0);
    await hooks.start();
    await eventually('the write after the restart', () => writer.updateFlag({ ...flag, defaultValue: 'after' }));
    const deadline = Date.now() + 30_000;
    while (client.getStringValueSync(key, 'x', ann) !== 'after') {
      if (Date.now() > deadline) throw new Error('[@flags/testkit] the write after the restart was never served');
      await sleep(50);
    }
    expect(client.getStringDetailsSync(key, 'x', ann).stale).toBeUndefined();
    expect(client.status()).toMatchObject({ failures: 0, stale: false });
  } finally {
    await client.close();
    await writer.close();
  }
}
