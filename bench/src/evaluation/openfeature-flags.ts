/**
 * The OpenFeature server SDK with @flags' own provider (`@flags/openfeature`) on the memory backend
 * holding the reference flag and segment: the same SDK client path as the in-memory peer, but the
 * rules are stored @flags rules, not a hand-written function.
 */
import { FlagsProvider } from '@flags/openfeature';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { OpenFeature } from '@openfeature/server-sdk';
import { FLAG_KEY, type Person, referenceFlag, referenceSegment } from './fixture.js';
import { type FlatContext, toFlatContext } from './handwritten.js';
import type { PeerSystem } from './system.js';

const DOMAIN = 'bench-flags-provider';

/** A person as OpenFeature users write it: flat, with the user id also under `userId` (overrides, rule 2). */
function toProviderContext(person: Person): FlatContext {
  return { ...toFlatContext(person), userId: person.userId };
}

/** Sets up the OpenFeature client on a `FlagsProvider` and returns its async `getBooleanValue` on the reference flag. */
export async function openFeatureFlagsSystem(people: readonly Person[]): Promise<PeerSystem<FlatContext>> {
  const storage = new MemoryStorageBackend();
  await storage.createSegment(referenceSegment);
  await storage.createFlag(referenceFlag());
  await OpenFeature.setProviderAndWait(DOMAIN, new FlagsProvider({ storage, closeStorage: true }));
  const client = OpenFeature.getClient(DOMAIN);
  return {
    name: 'OpenFeature + @flags provider, memory',
    sameBuckets: true,
    note: 'stored @flags rules through the SDK client',
    contexts: people.map(toProviderContext),
    evaluate: (ctx) => client.getBooleanValue(FLAG_KEY, false, ctx as never),
    close: () => OpenFeature.close(),
  };
}
