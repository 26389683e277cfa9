import { RedisStorageBackend } from '../src/index.js';
import { registerConformance } from './support/conformance.js';
import { useCluster } from './support/topologies.js';
import { cli } from './support/topology.js';

// The whole conformance suite through a redis+cluster:// URL: 3 masters with a replica each.
const cluster = useCluster();

registerConformance(
  'cluster',
  '{flags}:',
  () => (prefix, feedRetention) => RedisStorageBackend.create({ url: cluster.url, prefix, feedRetention }),
  // The cluster is this file's own: its masters lose everything.
  async () => {
    for (const master of await cluster.masters()) await cli(master.port, 'FLUSHALL');
  },
);
