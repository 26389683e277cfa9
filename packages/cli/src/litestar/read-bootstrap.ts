import { readFile } from 'node:fs/promises';
import { generateId } from '@flags/core';
import { emptyData, type LitestarData } from './data.js';

const KNOWN = new Set([
  'id',
  'key',
  'name',
  'description',
  'flag_type',
  'status',
  'default_enabled',
  'default_value',
  'tags',
  'metadata',
  'created_at',
  'updated_at',
]);

/**
 * Reads litestar-flags' bootstrap JSON file (`{"flags": [...]}`). As litestar's loader does, an entry's
 * `rules`, `variants` and any other key are ignored — each ignored key is reported.
 */
export async function readLitestarBootstrap(path: string): Promise<LitestarData> {
  const data = emptyData();
  const document = JSON.parse(await readFile(path, 'utf8')) as unknown;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error(`[@flags/cli] ${path} is not a litestar-flags bootstrap file: the top level must be an object`);
  }
  const flags = (document as { flags?: unknown }).flags ?? [];
  if (!Array.isArray(flags)) throw new Error(`[@flags/cli] ${path}: "flags" must be a list`);
  flags.forEach((entry, i) => {
    const source = `bootstrap flags[${i}]`;
    const row = (entry ?? {}) as Record<string, unknown>;
    const ignored = Object.keys(row).filter((key) => !KNOWN.has(key));
    if (ignored.length > 0) {
      data.unmappable.push({
        source,
        message: `ignored, as litestar's bootstrap loader ignores them: ${ignored.join(', ')}`,
      });
    }
    // No id: litestar makes a random one at each load; a stable one from @flags is as good.
    data.flags.push({ row: { ...row, id: row.id ?? generateId() }, source, withRulesAndVariants: false });
  });
  return data;
}
