/**
 * OpenFeature server SDK with its in-memory provider. The provider has no rule language: a flag's
 * targeting is a `contextEvaluator` function, so the flag is {@link evaluateByHand} wrapped in the
 * SDK's client (context merging, hooks, async resolution, details building).
 */
import { OpenFeature, TypedInMemoryProvider } from '@openfeature/server-sdk';
import { FLAG_KEY, type Person } from './fixture.js';
import { evaluateByHand, type FlatContext, toFlatContext } from './handwritten.js';
import type { PeerSystem } from './system.js';

/** Sets up the OpenFeature client and returns its async `getBooleanValue` on the reference flag. */
export async function openFeatureSystem(people: readonly Person[]): Promise<PeerSystem<FlatContext>> {
  const provider = new TypedInMemoryProvider({
    [FLAG_KEY]: {
      variants: { on: true, off: false },
      defaultVariant: 'off',
      disabled: false,
      contextEvaluator: (ctx) => (evaluateByHand(ctx as FlatContext) ? 'on' : 'off'),
    },
  });
  await OpenFeature.setProviderAndWait(provider);
  const client = OpenFeature.getClient('bench');
  return {
    name: 'OpenFeature in-memory',
    sameBuckets: true,
    note: 'rules are a hand-written contextEvaluator (no rule language)',
    contexts: people.map(toFlatContext),
    evaluate: (ctx) => client.getBooleanValue(FLAG_KEY, false, ctx as never),
    close: () => OpenFeature.close(),
  };
}
