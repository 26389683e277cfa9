import { expect, it } from 'vitest';
import { onEveryDialect } from './support/dialects.js';

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

onEveryDialect('large', (backend) => {
  it('a flag document over 1 MB reads back whole through getFlag, getFlags, getAllFlags and updateFlag', async () => {
    const created = await backend().createFlag(bigFlag);
    expect(JSON.stringify(created.rules).length).toBeGreaterThan(1_100_000);
    expect(await backend().getFlag(bigFlag.key)).toStrictEqual(created);
    expect((await backend().getFlags([bigFlag.key])).get(bigFlag.key)).toStrictEqual(created);
    expect(await backend().getAllFlags()).toStrictEqual([created]);
    const updated = await backend().updateFlag({ ...created, name: 'renamed' });
    expect(updated.rules).toStrictEqual(created.rules);
  });
});
