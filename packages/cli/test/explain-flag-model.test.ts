import { exportDocument, importDocument } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { describe, expect, it } from 'vitest';
import { explainCommand } from '../src/commands/explain.js';
import type { Runtime } from '../src/runtime.js';

/** A runtime whose stdout is collected. */
function capture(json = false): { runtime: Runtime; out: () => string } {
  let text = '';
  const stream = {
    write(chunk: string) {
      text += chunk;
      return true;
    },
  };
  const runtime = { json, io: { stdout: stream, stderr: stream } } as unknown as Runtime;
  return { runtime, out: () => text };
}

async function store() {
  const backend = new MemoryStorageBackend();
  await backend.createFlag({ key: 'gate', flagType: 'string', defaultValue: 'closed', defaultVariant: 'closed' });
  await backend.createFlag({
    key: 'checkout',
    defaultEnabled: true,
    prerequisites: [{ flagKey: 'gate', value: 'open' }, { flagKey: 'missing' }],
    rules: [{ name: 'orgs', rolloutPercentage: 100, bucketBy: 'company', serveEnabled: true }],
    variants: [],
  });
  await backend.createFlag({
    key: 'colors',
    flagType: 'json',
    defaultValue: {},
    bucketBy: 'tenantId',
    variants: [
      { key: 'red', value: { c: 'red' }, weight: 50 },
      { key: 'blue', value: { c: 'blue' }, weight: 50 },
    ],
  });
  return backend;
}

describe('flags eval --explain covers the flag model v2', () => {
  it('lists each prerequisite with what it served, and why it failed', async () => {
    const { runtime, out } = capture();
    await explainCommand(runtime, await store(), 'checkout', { attributes: { company: 'acme' } });
    const text = out();
    expect(text).toContain('checkout = false  (PREREQUISITE_FAILED)');
    expect(text).toContain('→ prerequisites:');
    expect(text).toContain('✗ gate must serve value "open": served "closed" (STATIC, variant "closed")');
    expect(text).toContain('✗ missing: not found — prerequisite "missing" not found');
    expect(text).toContain('✓ rollout by company ("acme"): bucket');
  });

  it('names what rollouts and the split bucket by, and a missing value', async () => {
    const backend = await store();
    const rollout = capture();
    await explainCommand(rollout.runtime, backend, 'checkout', { targetingKey: 'k' });
    expect(rollout.out()).toContain(
      '✗ rollout 100% by company: the context has no such value, so never in the rollout',
    );
    const split = capture();
    await explainCommand(split.runtime, backend, 'colors', { tenantId: 't-9' });
    expect(split.out()).toMatch(/→ variant split by tenantId \("t-9"\): bucket \d+ → "(red|blue)"/);
    const json = capture(true);
    await explainCommand(json.runtime, backend, 'checkout', {});
    expect(JSON.parse(json.out()).prerequisites.map((p: { flagKey: string }) => p.flagKey)).toEqual([
      'gate',
      'missing',
    ]);
  });

  it('exports and imports prerequisites, bucketBy and defaultVariant unchanged', async () => {
    const from = await store();
    const to = new MemoryStorageBackend();
    await importDocument(to, () => exportDocument(from));
    // The store stamps its own timestamps on import; everything else travels as it is.
    const model = async (store: MemoryStorageBackend, key: string) => {
      const { createdAt: _c, updatedAt: _u, ...rest } = (await store.getFlag(key))!;
      return rest;
    };
    for (const key of ['gate', 'checkout', 'colors'])
      expect(await model(to, key)).toStrictEqual(await model(from, key));
    expect((await to.getFlag('checkout'))?.prerequisites).toStrictEqual([
      { flagKey: 'gate', value: 'open' },
      { flagKey: 'missing' },
    ]);
  });
});
