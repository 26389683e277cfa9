import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from '@flags/storage-drizzle/sqlite';
import { describeSpecScenarios } from './support/spec-scenarios.js';

describeSpecScenarios('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flags-openfeature-'));
  const storage = await createStorage({ url: `sqlite:${join(dir, 'flags.db')}`, createTables: true });
  return {
    storage,
    async close() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
