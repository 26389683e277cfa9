import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LiveFlagClient, type StorageBackend } from '@flags/core';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap held by a live client over `storage` (already holding the flags) once it has cached the
 * overrides of `entities` users: heap after a full GC with the client, minus before it.
 */
export async function measureFootprint(
  storage: StorageBackend,
  entities: number,
): Promise<{ mb: number; flags: number; cachedEntities: number }> {
  const before = heapAfterGc();
  const client = new LiveFlagClient({ storage, maxCachedEntities: entities });
  await client.ready();
  const key = 'cold-00000';
  for (let i = 0; i < entities; i += 1000) {
    const batch: Promise<boolean>[] = [];
    for (let j = i; j < Math.min(entities, i + 1000); j++)
      batch.push(client.getBooleanValue(key, false, { userId: `user-${j}` }));
    await Promise.all(batch);
  }
  const after = heapAfterGc();
  const status = client.status();
  await client.close();
  return { mb: (after - before) / 1024 / 1024, flags: status.flags, cachedEntities: status.cachedEntities };
}
