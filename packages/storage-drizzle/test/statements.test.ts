import type { StorageBackend } from '@flags/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CountedBackend, countedMysql, countedPg, countedSqlite } from './support/counting.js';
import { createScratchDatabase, dropScratchDatabase, MYSQL, PG } from './support/servers.js';

const user = { entityType: 'user', entityId: 'u1' };
const org = { entityType: 'organization', entityId: 'o1' };

/** Data for every read: flags with rules, variants, time schedules; overrides; changes; phases; segments. */
async function seed(backend: StorageBackend) {
  const flags = [];
  for (const key of ['alpha', 'beta', 'gamma']) {
    const flag = await backend.createFlag({
      key,
      rules: [{ conditions: [{ attribute: 'country', operator: 'eq', value: 'DE' }] }, { rolloutPercentage: 10 }],
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
    });
    await backend.createTimeSchedule({ flagId: flag.id, name: 'office', recurrenceType: 'daily' });
    await backend.upsertOverride({ flagId: flag.id, ...user });
    await backend.upsertOverride({ flagId: flag.id, ...org, enabled: false });
    await backend.createScheduledChange({ flagId: flag.id, changeType: 'enable', scheduledAt: new Date() });
    await backend.createRolloutPhase({
      flagId: flag.id,
      phaseNumber: 1,
      targetPercentage: 50,
      scheduledAt: new Date(),
    });
    flags.push(flag);
  }
  const parent = await backend.createSegment({ name: 'parent' });
  await backend.createSegment({ name: 'child', parentSegmentId: parent.id });
  return { flags, parent };
}

/** Each database: how to open a counted backend on a fresh database, and how to drop that database. */
function scratch(server: typeof PG, connect: (url: string) => Promise<CountedBackend>) {
  let url = '';
  return {
    open: async () => {
      url = await createScratchDatabase(server, 'count');
      return connect(url);
    },
    drop: async () => {
      if (url) await dropScratchDatabase(server, url);
    },
  };
}

const pgScratch = scratch(PG, countedPg);
const mysqlScratch = scratch(MYSQL, countedMysql);
const servers: Array<[string, () => Promise<CountedBackend>, () => Promise<void>]> = [
  ['PostgreSQL', pgScratch.open, pgScratch.drop],
  ['MariaDB', mysqlScratch.open, mysqlScratch.drop],
  ['SQLite', countedSqlite, async () => {}],
];

for (const [name, open, drop] of servers) {
  describe(`every read is one SQL statement on ${name}`, () => {
    let counted: CountedBackend;
    let data: Awaited<ReturnType<typeof seed>>;
    beforeAll(async () => {
      counted = await open();
      data = await seed(counted.backend);
    });
    afterAll(async () => {
      await counted?.backend.close();
      await counted?.end();
      await drop();
    });

    it('flags (with rules, variants and time schedules), overrides, schedules, phases, segments, revision', async () => {
      const b = counted.backend;
      const [alpha] = data.flags;
      const ids = data.flags.map((f) => f.id);
      const reads: Array<[string, () => Promise<unknown>, (result: never) => void]> = [
        [
          'getFlag',
          () => b.getFlag('alpha'),
          (f: { rules: unknown[]; variants: unknown[]; timeSchedules: unknown[] }) => {
            expect([f.rules.length, f.variants.length, f.timeSchedules.length]).toStrictEqual([2, 2, 1]);
          },
        ],
        [
          'getFlags',
          () => b.getFlags(['alpha', 'beta', 'gamma', 'missing']),
          (m: Map<string, unknown>) => expect(m.size).toBe(3),
        ],
        ['getAllActiveFlags', () => b.getAllActiveFlags(), (l: unknown[]) => expect(l).toHaveLength(3)],
        ['getAllFlags', () => b.getAllFlags(), (l: unknown[]) => expect(l).toHaveLength(3)],
        ['getOverride', () => b.getOverride(alpha!.id, 'user', 'u1'), (o: unknown) => expect(o).not.toBeNull()],
        ['getOverrides', () => b.getOverrides(alpha!.id, [user, org]), (l: unknown[]) => expect(l).toHaveLength(2)],
        [
          'getOverridesForFlags',
          () => b.getOverridesForFlags(ids, [user, org]),
          (l: unknown[]) => expect(l).toHaveLength(6),
        ],
        ['listOverrides', () => b.listOverrides(alpha!.id), (l: unknown[]) => expect(l).toHaveLength(2)],
        ['getScheduledChanges', () => b.getScheduledChanges(), (l: unknown[]) => expect(l).toHaveLength(3)],
        ['getTimeSchedules', () => b.getTimeSchedules(), (l: unknown[]) => expect(l).toHaveLength(3)],
        ['getRolloutPhases', () => b.getRolloutPhases(alpha!.id), (l: unknown[]) => expect(l).toHaveLength(1)],
        ['getPendingRolloutPhases', () => b.getPendingRolloutPhases(), (l: unknown[]) => expect(l).toHaveLength(3)],
        ['getSegment', () => b.getSegment(data.parent.id), (s: unknown) => expect(s).not.toBeNull()],
        ['getSegmentByName', () => b.getSegmentByName('child'), (s: unknown) => expect(s).not.toBeNull()],
        ['getAllSegments', () => b.getAllSegments(), (l: unknown[]) => expect(l).toHaveLength(2)],
        ['getChildSegments', () => b.getChildSegments(data.parent.id), (l: unknown[]) => expect(l).toHaveLength(1)],
        ['getRevision', () => b.getRevision(), (r: string) => expect(Number(r)).toBeGreaterThan(0)],
      ];
      const counts: Record<string, number> = {};
      for (const [method, read, check] of reads) {
        counted.take();
        check((await read()) as never);
        counts[method] = counted.take();
      }
      expect(counts).toStrictEqual(Object.fromEntries(reads.map(([method]) => [method, 1])));
      // The counter sees every statement: a write with a rule is several (flag, rule, revision).
      await b.createFlag({ key: 'delta', rules: [{}] });
      expect(counted.take()).toBeGreaterThanOrEqual(3);
    });

    it('upsertOverrides is the same few statements for 20 overrides as for 400 (creates and replaces)', async () => {
      const b = counted.backend;
      const batch = (size: number, value: string) =>
        data.flags.flatMap((flag) =>
          Array.from({ length: size / data.flags.length }, (_, i) => ({
            flagId: flag.id,
            entityType: 'batch',
            entityId: `e-${i}`,
            value,
          })),
        );
      const statements = async (size: number, value: string) => {
        counted.take();
        const written = await b.upsertOverrides!(batch(size, value));
        expect(written).toHaveLength(size - (size % data.flags.length));
        return counted.take();
      };
      const small = await statements(21, 'first');
      const large = await statements(402, 'second');
      // The batch's own statements plus the change feed's (flag keys, the revision row, the changes, a trim).
      expect(small).toBeLessThanOrEqual(13);
      expect(large).toBe(small);
      expect(await b.getOverride(data.flags[0]!.id, 'batch', 'e-0')).toMatchObject({ value: 'second' });
    });
  });
}
