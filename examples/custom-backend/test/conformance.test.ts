import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStorageConformance } from '@flags/testkit';
import { afterAll } from 'vitest';
import { JsonFileStorageBackend } from '../src/index.js';

const folder = mkdtempSync(join(tmpdir(), 'flags-json-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let stores = 0;

runStorageConformance({
  name: 'JsonFileStorageBackend',
  // A new file for every check.
  create: () => new JsonFileStorageBackend({ path: join(folder, `store-${++stores}.json`) }),
  // One backend per file: close the old one (it saves what is queued), then load the file afresh.
  reopen: async (backend) => {
    await backend.close();
    return new JsonFileStorageBackend({ path: (backend as JsonFileStorageBackend).path });
  },
  reopenWithFeedRetention: async (backend, feedRetention) => {
    await backend.close();
    return new JsonFileStorageBackend({ path: (backend as JsonFileStorageBackend).path, feedRetention });
  },
  // The file lost: a new store at the same path.
  reopenAfterDataLoss: async (backend) => {
    await backend.close();
    rmSync((backend as JsonFileStorageBackend).path, { force: true });
    return new JsonFileStorageBackend({ path: (backend as JsonFileStorageBackend).path });
  },
});
