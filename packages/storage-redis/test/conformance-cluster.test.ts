import { RedisStorageBackend } from '../src/index.js';
import { registerConformance } from './support/conformance.js';
import { useCluster } from './support/topologies.js';

// The whole conformance suite through a redis+cluster:// URL: 3 masters with a replica each.
const cluster = useCluster();

registerConformance(
  'cluster',
  '{flags}:',
  () => (prefix, feedRetention) => RedisStorageBackend.create({ url: cluster.url, prefix, feedRetention }),
);
