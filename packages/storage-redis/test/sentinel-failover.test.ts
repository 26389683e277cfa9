import { StorageError } from '@flags/core';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStorageBackend } from '../src/index.js';
import { uniqueSuffix } from './support/redis-env.js';
import { useSentinel } from './support/topologies.js';
import { cli, replicationBarrier, waitUntil } from './support/topology.js';
import { Workload } from './support/workload.js';

const sentinel = useSentinel();
const opened: RedisStorageBackend[] = [];
afterAll(async () => {
  for (const backend of opened) await backend.close();
});

async function open(prefix: string, options: { waitForReplicas?: number } = {}): Promise<RedisStorageBackend> {
  const backend = await RedisStorageBackend.create({ url: sentinel.url(), prefix, timeoutMs: 2000, ...options });
  opened.push(backend);
  return backend;
}

describe('Sentinel failover', () => {
  it('close() ends every connection, the Sentinel subscriptions for failover detection included', async () => {
    const pubsubClients = async () => {
      let count = 0;
      for (const node of sentinel.sentinels) {
        count += (await cli(node.port, 'CLIENT', 'LIST', 'TYPE', 'pubsub'))
          .split('\n')
          .filter((line) => line.includes('cmd=subscribe')).length;
      }
      return count;
    };
    const before = await pubsubClients();
    const backend = await RedisStorageBackend.create({ url: sentinel.url(), prefix: `${uniqueSuffix('close')}:` });
    await backend.createFlag({ key: 'subscribed' });
    await backend.deleteFlag('subscribed');
    await waitUntil('the failover detector subscribing', async () => (await pubsubClients()) > before, 5_000);
    await backend.close();
    await waitUntil('every subscription ended', async () => (await pubsubClients()) === before, 5_000);
  });

  it('keeps the same backend instances working after the master is killed, with every replicated write kept', async () => {
    const prefix = `${uniqueSuffix('failover')}:`;
    const plain = [new Workload('a', await open(prefix)), new Workload('b', await open(prefix))];
    const waiting = new Workload('w', await open(prefix, { waitForReplicas: 1 }));
    const workloads = [...plain, waiting];
    let beforeBarrier: string[] = [];
    let promotedAt = 0;
    for (const workload of workloads) workload.start();
    try {
      for (const workload of workloads) await workload.progressed(20, 10_000);
      const oldMaster = sentinel.master.port;
      expect(await sentinel.masterPort()).toBe(oldMaster);

      // Every write acknowledged before the barrier is replicated; the ones after it may not be.
      beforeBarrier = plain.flatMap((workload) => [...workload.acknowledged.keys()]);
      expect(await replicationBarrier(oldMaster, `${prefix}barrier`)).toBe(1);
      await Promise.all(plain.map((workload) => workload.progressed(10, 5_000)));

      await sentinel.master.kill();
      await waitUntil(
        'the replica promoted',
        async () => (await sentinel.masterPort()) === sentinel.replica.port,
        20_000,
      );
      expect((await cli(sentinel.replica.port, 'ROLE')).split('\n')[0]).toBe('master');
      promotedAt = Date.now();

      // The same instances, without a restart, write and read again on the new master.
      await Promise.all(plain.map((workload) => workload.progressed(20, 30_000)));
    } finally {
      for (const workload of workloads) await workload.stop();
    }

    for (const workload of workloads) expect(workload.unexpected).toEqual([]);
    const reader = plain[0]!.backend;
    const present = new Set((await reader.getAllFlags()).map((flag) => flag.key));
    // Acknowledged before the barrier (so replicated), acknowledged with WAIT 1, or written on the
    // new master: all survived. Writes acknowledged between the barrier and the kill may be lost.
    const afterPromotion = plain.flatMap((workload) =>
      [...workload.acknowledged].filter(([, at]) => at > promotedAt).map(([key]) => key),
    );
    expect(afterPromotion.length).toBeGreaterThanOrEqual(40);
    expect(waiting.acknowledged.size).toBeGreaterThanOrEqual(20);
    const mustSurvive = [...beforeBarrier, ...waiting.acknowledged.keys(), ...afterPromotion];
    for (const key of mustSurvive) expect(present.has(key), key).toBe(true);
    expect(await reader.healthCheck()).toBe(true);
    // With the only replica promoted, a write that must reach a replica cannot: it says so.
    const refused = await waiting.backend.createFlag({ key: 'w-after' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StorageError);
    expect((refused as Error).message).toContain('only 0 of 1 replicas acknowledged');
  }, 120_000);
});
