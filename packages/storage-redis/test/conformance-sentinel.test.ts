import { DEFAULT_PREFIX, RedisStorageBackend } from '../src/index.js';
import { registerConformance } from './support/conformance.js';
import { useSentinel } from './support/topologies.js';
import { cli } from './support/topology.js';

// The whole conformance suite through a redis+sentinel:// URL: 1 master, 1 replica, 3 sentinels.
const sentinel = useSentinel();

registerConformance(
  'sentinel',
  DEFAULT_PREFIX,
  () => (prefix, feedRetention) => RedisStorageBackend.create({ url: sentinel.url(), prefix, feedRetention }),
  // The topology is this file's own: its master loses everything.
  async () => {
    await cli(await sentinel.masterPort(), 'FLUSHALL');
  },
);
