import { createStorage } from '@flags/storage-drizzle/pg';
import { createScratchDatabase, dropScratchDatabase, PG } from '../../storage-drizzle/test/support/servers.js';
import { describeSpecScenarios } from './support/spec-scenarios.js';

describeSpecScenarios('PostgreSQL', async () => {
  const url = await createScratchDatabase(PG, 'openfeature');
  const storage = await createStorage({ url, createTables: true });
  return {
    storage,
    async close() {
      await storage.close();
      await dropScratchDatabase(PG, url);
    },
  };
});
