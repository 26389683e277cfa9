import { afterAll, beforeAll } from 'vitest';
import { ClusterTopology, SentinelTopology } from './topology.js';

/** A Sentinel topology started before the file's tests and stopped after them (even when they fail). */
export function useSentinel(): SentinelTopology {
  const topology = new SentinelTopology();
  beforeAll(() => topology.start(), 60_000);
  afterAll(() => topology.stop());
  return topology;
}

/** A Cluster topology started before the file's tests and stopped after them (even when they fail). */
export function useCluster(): ClusterTopology {
  const topology = new ClusterTopology();
  beforeAll(() => topology.start(), 60_000);
  afterAll(() => topology.stop());
  return topology;
}
