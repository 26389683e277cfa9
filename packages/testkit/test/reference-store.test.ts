import { ReferenceStorageBackend, runStorageConformance } from '../src/index.js';

// The whole suite, no skips, against the testkit's own reference store.
runStorageConformance({
  name: 'reference store',
  create: () => new ReferenceStorageBackend(),
  reopen: (backend) => new ReferenceStorageBackend((backend as ReferenceStorageBackend).document),
  reopenWithFeedRetention: (backend, feedRetention) =>
    new ReferenceStorageBackend((backend as ReferenceStorageBackend).document, { feedRetention }),
  reopenAfterDataLoss: () => new ReferenceStorageBackend(),
});
