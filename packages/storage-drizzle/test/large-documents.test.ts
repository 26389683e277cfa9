import type { StorageBackend } from '@flags/core';
import { createStorage as mysqlStorage } from '@flags/storage-drizzle/mysql';
import { createStorage as pgStorage } from '@flags/storage-drizzle/pg';
import { createStorage as sqliteStorage } from '@flags/storage-drizzle/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG } from './support/servers.js';

// A flag whose rules weigh over 1 MB in the read document: MariaDB's JSON_ARRAYAGG would cut it at
// group_concat_max_len (1 MB by default) and still hand back valid JSON, silently short.
const ids = Array.from({ length: 60_000 }, (_, i) => `customer-${String(i).padStart(8, '0')}`);
const bigFlag = {
  key: 'big.rules',
  rules: [
    { name: 'allow-list', conditions: [{ attribute: 'userId', operator: 'in' as const, value: ids }] },
    {
      name: 'deny-list',
      conditions: [{ attribute: 'userId', operator: 'not_in' as const, value: ids.slice(0, 1000) }],
    },
  ],
};

const cases: Array<[string, () => Promise<{ backend: StorageBackend; drop: () => Promise<void> }>]> = [
  [
    'MariaDB',
    async () => {
      const url = await createScratchDatabase(MYSQL, 'large');
      return { backend: await mysqlStorage({ url, createTables: true }), drop: () => dropScratchDatabase(MYSQL, url) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const url = await createScratchDatabase(PG, 'large');
      return { backend: await pgStorage({ url, createTables: true }), drop: () => dropScratchDatabase(PG, url) };
    },
  ],
  [
    'SQLite',
    async () => ({ backend: await sqliteStorage({ url: ':memory:', createTables: true }), drop: async () => {} }),
  ],
];

for (const [name, open] of cases) {
  describe(`a flag document over 1 MB on ${name}`, () => {
    let backend: StorageBackend;
    let drop: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ backend, drop } = await open());
    });
    afterAll(async () => {
      await backend?.close();
      await drop();
    });

    it('reads back whole through getFlag, getFlags, getAllFlags and updateFlag', async () => {
      const created = await backend.createFlag(bigFlag);
      expect(JSON.stringify(created.rules).length).toBeGreaterThan(1_100_000);
      expect(await backend.getFlag(bigFlag.key)).toStrictEqual(created);
      expect((await backend.getFlags([bigFlag.key])).get(bigFlag.key)).toStrictEqual(created);
      expect(await backend.getAllFlags()).toStrictEqual([created]);
      const updated = await backend.updateFlag({ ...created, name: 'renamed' });
      expect(updated.rules).toStrictEqual(created.rules);
    });
  });
}
