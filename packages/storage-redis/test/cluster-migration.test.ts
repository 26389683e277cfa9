import { afterAll, describe, expect, it } from 'vitest';
import { RedisStorageBackend } from '../src/index.js';
import { keySlot } from './support/key-slot.js';
import { uniqueSuffix } from './support/redis-env.js';
import { useCluster } from './support/topologies.js';
import { type ClusterTopology, cli, replicationBarrier, waitUntil } from './support/topology.js';
import { Workload } from './support/workload.js';

const cluster = useCluster();
const opened: RedisStorageBackend[] = [];
afterAll(async () => {
  for (const backend of opened) await backend.close();
});

/**
 * Moves `slot` to another master the way `redis-cli --cluster reshard` does: IMPORTING on the target,
 * MIGRATING on the source, MIGRATE of the slot's keys in batches, then SETSLOT NODE everywhere.
 */
async function migrateSlot(topology: ClusterTopology, slot: number): Promise<{ from: number; to: number }> {
  const source = await topology.ownerOf(slot);
  const target = (await topology.masters()).find((master) => master.id !== source.id)!;
  await cli(target.port, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', source.id);
  await cli(source.port, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', target.id);
  for (;;) {
    const keys = (await cli(source.port, 'CLUSTER', 'GETKEYSINSLOT', String(slot), '100')).split('\n').filter(Boolean);
    if (keys.length === 0) break;
    // Small batches, so the workload runs while the slot is half moved (ASK and TRYAGAIN answers).
    const reply = await cli(source.port, 'MIGRATE', '127.0.0.1', String(target.port), '', '0', '5000', 'KEYS', ...keys);
    if (reply !== 'OK' && reply !== 'NOKEY') throw new Error(`MIGRATE answered ${reply}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const master of await topology.masters()) {
    await cli(master.port, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', target.id);
  }
  return { from: source.port, to: target.port };
}

/** Two writing and reading clients, each its own backend instance on the store under `prefix`. */
async function twoWorkloads(prefix: string): Promise<Workload[]> {
  const workloads: Workload[] = [];
  for (const name of ['a', 'b']) {
    const backend = await RedisStorageBackend.create({ url: cluster.url, prefix, timeoutMs: 3000 });
    opened.push(backend);
    workloads.push(new Workload(name, backend));
  }
  return workloads;
}

describe('Redis Cluster', () => {
  it('survives a slot migration mid-workload on the same backend instances, losing no acknowledged write', async () => {
    const prefix = `{${uniqueSuffix('migrate')}}:`;
    const slot = keySlot(prefix);
    const workloads = await twoWorkloads(prefix);
    for (const workload of workloads) workload.start();
    let moved: { from: number; to: number };
    try {
      await Promise.all(workloads.map((workload) => workload.progressed(30, 30_000)));
      moved = await migrateSlot(cluster, slot);
      await Promise.all(workloads.map((workload) => workload.progressed(30, 30_000)));
    } finally {
      for (const workload of workloads) await workload.stop();
    }

    expect((await cluster.ownerOf(slot)).port).toBe(moved.to);
    expect(await cli(moved.from, 'CLUSTER', 'COUNTKEYSINSLOT', String(slot))).toBe('0');
    for (const workload of workloads) {
      expect(workload.unexpected).toEqual([]);
      expect(workload.missingReads).toEqual([]);
    }
    const reader = workloads[0]!.backend;
    const present = new Set((await reader.getAllFlags()).map((flag) => flag.key));
    for (const workload of workloads) {
      for (const key of workload.acknowledged.keys()) expect(present.has(key), key).toBe(true);
    }
    // Every key of the store moved with the slot: nothing was left behind or written elsewhere.
    expect(Number(await cli(moved.to, 'CLUSTER', 'COUNTKEYSINSLOT', String(slot)))).toBeGreaterThan(60);
  }, 120_000);

  it('waits for the replica of the slot master on every write when asked (waitForReplicas)', async () => {
    const prefix = `{${uniqueSuffix('wait')}}:`;
    const backend = await RedisStorageBackend.create({ url: cluster.url, prefix, waitForReplicas: 1 });
    opened.push(backend);
    const flag = await backend.createFlag({ key: 'replicated' });
    await backend.updateFlag({ ...flag, name: 'renamed' });
    const master = await cluster.ownerOf(keySlot(prefix));
    // Acknowledged means already on the replica: read there at once, no polling.
    const onReplica = await cluster.readOnReplica(master.id, `${prefix}flag:replicated`);
    expect(onReplica).toContain('"name":"renamed"');
  });

  it('survives the crash and restart of the slot master mid-workload: its replica takes over, nothing replicated is lost', async () => {
    const prefix = `{${uniqueSuffix('restart')}}:`;
    const slot = keySlot(prefix);
    const workloads = await twoWorkloads(prefix);
    const master = await cluster.ownerOf(slot);
    const node = cluster.nodes.find((candidate) => candidate.port === master.port)!;
    let beforeBarrier: string[] = [];
    for (const workload of workloads) workload.start();
    try {
      await Promise.all(workloads.map((workload) => workload.progressed(20, 30_000)));
      beforeBarrier = workloads.flatMap((workload) => [...workload.acknowledged.keys()]);
      // A write then WAIT on the master: everything acknowledged before it is on the replica.
      expect(await replicationBarrier(master.port, `${prefix}barrier`)).toBe(1);
      await node.kill();
      await waitUntil(
        'the replica promoted',
        async () => (await cluster.ownerOf(slot, cluster.nodes.find((n) => n !== node)!.port)).port !== master.port,
        30_000,
      );
      await Promise.all(workloads.map((workload) => workload.progressed(20, 30_000)));
      await node.start();
      await waitUntil(
        'the restarted node back as a replica',
        async () => (await cli(node.port, 'INFO', 'replication')).includes('master_link_status:up'),
        30_000,
      );
      await Promise.all(workloads.map((workload) => workload.progressed(10, 30_000)));
    } finally {
      for (const workload of workloads) await workload.stop();
    }
    for (const workload of workloads) expect(workload.unexpected).toEqual([]);
    const present = new Set((await workloads[0]!.backend.getAllFlags()).map((flag) => flag.key));
    for (const key of beforeBarrier) expect(present.has(key), key).toBe(true);
    expect((await cluster.ownerOf(slot)).port).not.toBe(master.port);
  }, 150_000);
});
