import { createStorage, migrate } from '@flags/storage-drizzle/mysql';
import { runStorageConformance } from '@flags/testkit';
import { afterAll, beforeAll, describe } from 'vitest';
import { createScratchDatabase, dropScratchDatabase, MYSQL, openDrizzle } from './support/servers.js';

// One scratch database for this file; the default prefix (shipped migrations via migrate()) and
// another prefix (createTables) live side by side in it, so they must not collide.
let url = '';

beforeAll(async () => {
  url = await createScratchDatabase(MYSQL, 'conf');
  const { db, end } = openDrizzle(MYSQL, url);
  try {
    await migrate(db);
  } finally {
    await end();
  }
  await (await createStorage({ url, tablePrefix: 'alt_', createTables: true })).close();
});

afterAll(async () => {
  if (url) await dropScratchDatabase(MYSQL, url);
});

for (const tablePrefix of ['ff_', 'alt_']) {
  describe(`tablePrefix ${tablePrefix}`, () => {
    const open = () => createStorage({ url, tablePrefix });
    runStorageConformance({ name: `drizzle MariaDB (${tablePrefix})`, create: open, reopen: open });
  });
}
