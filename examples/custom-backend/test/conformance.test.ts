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
  // A new file for every check; `reopen` opens a second backend on the same file.
  create: () => new JsonFileStorageBackend({ path: join(folder, `store-${++stores}.json`) }),
  reopen: (backend) => new JsonFileStorageBackend({ path: (backend as JsonFileStorageBackend).path }),
});
