import { encodeModel, type FeatureFlag, FeatureFlagClient, StorageError } from '@flags/core';
import { describe, expect, it } from 'vitest';
import { FLAG_DOCUMENT_FORMAT } from '../src/store/flag-document.js';
import { CLIENTS, useTestClients } from './support/clients.js';

const env = useTestClients();

/** What the previous release stored for a flag: its encoding, without the v2 fields or a format marker. */
function previousReleaseDocument(flag: FeatureFlag): string {
  const { prerequisites: _p, bucketBy: _b, defaultVariant: _d, ...old } = flag;
  const rules = old.rules.map(({ bucketBy: _r, ...rule }) => rule);
  return encodeModel({ ...old, rules } as FeatureFlag);
}

describe.each(CLIENTS)('flag documents and their format (%s)', (kind) => {
  it('new documents carry the format marker; the read model does not', async () => {
    const backend = env.open(kind, `format-new-${kind}`);
    const created = await backend.createFlag({
      key: 'fmt.new',
      prerequisites: [{ flagKey: 'fmt.other', value: null }],
      rules: [{ rolloutPercentage: 10, bucketBy: 'company' }],
      bucketBy: 'tenantId',
      defaultVariant: 'control',
    });
    const text = await env.redis.get(`${env.prefixOf(`format-new-${kind}`)}flag:fmt.new`);
    expect(JSON.parse(text!)).toMatchObject({
      format: FLAG_DOCUMENT_FORMAT,
      prerequisites: [{ flagKey: 'fmt.other', value: null }],
    });
    const read = await env.open(kind, `format-new-${kind}`).getFlag('fmt.new');
    expect(read).toStrictEqual(created);
    expect(read).not.toHaveProperty('format');
  });

  it('a document the previous release wrote reads with the new defaults, evaluates, and updates to the new format', async () => {
    const label = `format-old-${kind}`;
    const writer = env.open(kind, label);
    const created = await writer.createFlag({
      key: 'fmt.old',
      defaultEnabled: true,
      rules: [
        { name: 'half', rolloutPercentage: 50, conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] },
      ],
    });
    const key = `${env.prefixOf(label)}flag:fmt.old`;
    await env.redis.set(key, previousReleaseDocument(created));
    const reader = env.open(kind, label);
    const read = await reader.getFlag('fmt.old');
    expect(read).toStrictEqual({ ...created, prerequisites: [] });
    expect(read?.rules[0]).not.toHaveProperty('bucketBy');
    expect((await reader.getFlags(['fmt.old'])).get('fmt.old')).toStrictEqual(read);
    expect((await reader.getAllFlags()).find((f) => f.key === 'fmt.old')).toStrictEqual(read);
    const client = new FeatureFlagClient({ storage: reader });
    expect(await client.getBooleanDetails('fmt.old', false, {})).toMatchObject({ value: true, reason: 'DEFAULT' });
    const updated = await reader.updateFlag({ ...read!, bucketBy: 'userId' });
    expect(JSON.parse((await env.redis.get(key))!)).toMatchObject({ format: FLAG_DOCUMENT_FORMAT, bucketBy: 'userId' });
    expect(updated).toMatchObject({ prerequisites: [], bucketBy: 'userId', version: 2 });
  });

  it('a document of a newer format is refused with a StorageError naming it, not guessed', async () => {
    const label = `format-future-${kind}`;
    const writer = env.open(kind, label);
    const created = await writer.createFlag({ key: 'fmt.future', defaultEnabled: true });
    const key = `${env.prefixOf(label)}flag:fmt.future`;
    await env.redis.set(key, JSON.stringify({ ...JSON.parse(encodeModel(created)), format: 3, newField: [1] }));
    const reader = env.open(kind, label);
    await expect(reader.getFlag('fmt.future')).rejects.toThrow(StorageError);
    await expect(reader.getFlag('fmt.future')).rejects.toThrow('stored in format 3');
    await expect(reader.getFlags(['fmt.future'])).rejects.toThrow('stored in format 3');
    await expect(reader.updateFlag({ ...created, name: 'x' })).rejects.toThrow('stored in format 3');
    // The client serves the caller's default rather than a guess.
    const client = new FeatureFlagClient({ storage: reader });
    expect(await client.getBooleanDetails('fmt.future', false, {})).toMatchObject({ value: false, reason: 'ERROR' });
  });
});
