/**
 * The feed's trim deletes from where the last committed trim stopped, never from the start of the
 * feed (whose deleted rows the server walks until it vacuums them, so a trim from the start grows
 * with every change ever written — a copy of a million overrides slowed down as it went). Two
 * instances trimming in turn, each knowing only its own trims, keep the feed exact: the kept
 * revisions run without a gap and number the retention.
 */
import type { StorageBackend } from '@flags/core';
import { createStorage } from '@flags/storage-drizzle/pg';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, dropScratchDatabase, PG } from './support/servers.js';

const KEEP = 10;
let url = '';

beforeAll(async () => {
  url = await createScratchDatabase(PG, 'trim');
});
afterAll(async () => {
  if (url) await dropScratchDatabase(PG, url);
});

/** A backend whose driver reports every statement with its parameters. */
function recorded(sent: Array<{ query: string; params: unknown[] }>) {
  const client = postgres(url, {
    max: 2,
    onnotice: () => {},
    debug: (_connection, query, params) => sent.push({ query, params: params as unknown[] }),
  });
  return { client, open: () => createStorage({ db: drizzle({ client }), feedRetention: { maxChanges: KEEP } }) };
}

async function keptRevisions(backend: StorageBackend): Promise<number[]> {
  const batch = await backend.getChanges(null, { limit: 1000 });
  if ('reset' in batch && batch.reset) throw new Error('the feed answered reset from its oldest change');
  return 'changes' in batch ? batch.changes.map((change) => change.revision) : [];
}

describe('the change feed trim on PostgreSQL', () => {
  it('deletes from the last committed trim up, and two instances keep the feed gapless and exact', async () => {
    const sentA: Array<{ query: string; params: unknown[] }> = [];
    const a = recorded(sentA);
    const b = recorded([]);
    const first = await createStorage({ url, createTables: true, feedRetention: { maxChanges: KEEP } });
    await first.close();
    const backendA = await a.open();
    const backendB = await b.open();
    try {
      for (let i = 0; i < 30; i++) {
        const writer = i % 3 === 2 ? backendB : backendA;
        await writer.createFlag({ key: `trim-${i}` });
        const kept = await keptRevisions(backendA);
        const expected = Math.min(i + 1, KEEP);
        expect(kept, `after write ${i}: ${expected} changes kept`).toHaveLength(expected);
        expect(kept.at(-1)! - kept[0]!, `after write ${i}: no gap`).toBe(expected - 1);
      }
      const trims = sentA.filter(({ query }) => /^delete from "ff_changes"/.test(query));
      expect(trims.length).toBeGreaterThan(10);
      // The first trim of an instance deletes everything below its bound; every later one starts
      // where its last committed trim stopped.
      expect(trims[0]!.query).not.toMatch(/"revision" > \$/);
      for (const trim of trims.slice(1)) {
        expect(trim.query).toMatch(/"revision" > \$\d+ and "ff_changes"\."revision" <= \$\d+/);
        const [from, upTo] = trim.params.map(Number);
        expect(upTo! - from!, 'a bounded range').toBeLessThanOrEqual(3);
      }
    } finally {
      await backendA.close();
      await backendB.close();
      await a.client.end({ timeout: 5 });
      await b.client.end({ timeout: 5 });
    }
  });
});
