import { MemoryStorageBackend } from '@flags/storage-memory';
import { describeSpecScenarios } from './support/spec-scenarios.js';

describeSpecScenarios('memory', async () => {
  const storage = new MemoryStorageBackend();
  return { storage, close: () => storage.close() };
});
