import { type EvaluationContext, LiveFlagClient, type StorageBackend } from '@flags/core';
import { FLAG_KEY, type Person, referenceFlag, referenceSegment } from '../evaluation/fixture.js';
import { toFlagsContext } from '../evaluation/ours.js';
import type { PeerSystem } from '../evaluation/system.js';
import type { LiveTarget } from './backends.js';

/** A live client of one target, serving the reference flag, as two timed systems (sync and async getters). */
export async function liveSystems(
  target: LiveTarget,
  people: readonly Person[],
): Promise<{ sync: PeerSystem<EvaluationContext>; async: PeerSystem<EvaluationContext>; close(): Promise<void> }> {
  const writer: StorageBackend = await target.open();
  await writer.createSegment(referenceSegment);
  await writer.createFlag(referenceFlag());
  await writer.close();
  const client = new LiveFlagClient({ storage: await target.open() });
  await client.ready();
  const contexts = people.map(toFlagsContext);
  // Every person's overrides read once (one round trip each), as an app's first requests would.
  for (const ctx of contexts) await client.getBooleanValue(FLAG_KEY, false, ctx);
  const how = target.pushes ? 'push' : 'polling';
  return {
    sync: {
      name: `live ${target.name} (getBooleanValueSync)`,
      sameBuckets: true,
      note: `no storage call; fresh by ${how}`,
      contexts,
      evaluate: (ctx) => client.getBooleanValueSync(FLAG_KEY, false, ctx),
      close: () => {},
    },
    async: {
      name: `live ${target.name} (getBooleanValue)`,
      sameBuckets: true,
      note: `async getter, awaited; fresh by ${how}`,
      contexts,
      evaluate: (ctx) => client.getBooleanValue(FLAG_KEY, false, ctx),
      close: () => {},
    },
    close: () => client.close(),
  };
}
