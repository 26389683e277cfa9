import type { FeatureFlag } from '@flags/core';
import { describe, expect, it } from 'vitest';
import type { RedisCommands, RedisReply } from '../src/index.js';
import { CLIENTS, type ClientKind, useTestClients } from './support/clients.js';

const env = useTestClients();

/** Bytes of documents one reply of the bulk read may carry before the rest goes to further round trips. */
const PAGE_BYTES = 1_000_000;
/** Enough flags of about 2.5 KB each that all of them together take several pages. */
const FLAGS = 1000;
const DESCRIPTION = 'd'.repeat(2400);

/** Wraps an adapter to record the bytes of documents each script reply carried. */
function measuring(inner: RedisCommands): RedisCommands & { replyBytes: number[] } {
  const replyBytes: number[] = [];
  const documentBytes = (reply: RedisReply): number =>
    (Array.isArray(reply) ? reply : [])
      .filter((v): v is string => typeof v === 'string' && v.startsWith('{'))
      .reduce((sum, doc) => sum + doc.length, 0);
  return {
    replyBytes,
    secrets: inner.secrets,
    async send(command) {
      const reply = await inner.send(command);
      if (command[0] === 'EVALSHA' || command[0] === 'EVAL') replyBytes.push(documentBytes(reply));
      return reply;
    },
    close: () => inner.close(),
  };
}

const keyOf = (i: number) => `paged-${String(i).padStart(4, '0')}`;

describe.each(CLIENTS)('bulk reads in pages (%s)', (kind: ClientKind) => {
  it('reads every flag of a large store, a bounded amount of documents per round trip', async () => {
    const label = `paged-${kind}`;
    const writer = env.open('ioredis', label);
    const written: FeatureFlag[] = [];
    for (let i = 0; i < FLAGS; i += 50) {
      const batch = Array.from({ length: 50 }, (_, j) =>
        writer.createFlag({ key: keyOf(i + j), description: DESCRIPTION, status: 'active' }),
      );
      written.push(...(await Promise.all(batch)));
    }
    let rec: ReturnType<typeof measuring> | undefined;
    const reader = env.open(kind, label, (c) => (rec = measuring(c)));

    const all = await reader.getAllFlags();
    expect(all.map((f) => f.key)).toStrictEqual(written.map((f) => f.key).sort());
    expect(all.map((f) => f.description)).toStrictEqual(written.map(() => DESCRIPTION));
    const pages = rec!.replyBytes.filter((bytes) => bytes > 0);
    expect(pages.length, 'the documents came in several round trips').toBeGreaterThan(2);
    for (const bytes of pages) expect(bytes).toBeLessThanOrEqual(PAGE_BYTES + 4000);

    // Asked again with nothing written: nothing travels.
    rec!.replyBytes.length = 0;
    expect((await reader.getAllActiveFlags()).length).toBe(FLAGS);
    rec!.replyBytes.length = 0;
    expect((await reader.getAllFlags()).length).toBe(FLAGS);
    expect(rec!.replyBytes.every((bytes) => bytes === 0)).toBe(true);

    // By keys, from a backend that holds nothing yet: every flag, in pages too.
    let fresh: ReturnType<typeof measuring> | undefined;
    const other = env.open(kind, label, (c) => (fresh = measuring(c)));
    const keys = written.map((f) => f.key).reverse();
    const found = await other.getFlags([...keys, 'missing']);
    expect([...found.keys()]).toStrictEqual(keys);
    const keyPages = fresh!.replyBytes.filter((bytes) => bytes > 0);
    expect(keyPages.length).toBeGreaterThan(2);
    for (const bytes of keyPages) expect(bytes).toBeLessThanOrEqual(PAGE_BYTES + 4000);
  }, 120_000);
});
