/**
 * The OpenFeature SDK's own cost per evaluation: a provider that looks each context's answer up in a
 * precomputed table (no rules at all), behind the same SDK client as the other OpenFeature rows. No
 * provider can be faster through the SDK, so this row bounds every OpenFeature ratio of the suite.
 */
import { OpenFeature, type Provider, type ResolutionDetails } from '@openfeature/server-sdk';
import { FLAG_KEY, type Person } from './fixture.js';
import { evaluateByHand, type FlatContext, toFlatContext } from './handwritten.js';
import type { PeerSystem } from './system.js';

const DOMAIN = 'bench-sdk-floor';

/** A provider answering boolean flags from `answers` (by targeting key); other types are not asked. */
function lookupProvider(answers: ReadonlyMap<string | undefined, boolean>): Provider {
  const reject = (): Promise<never> => Promise.reject(new Error('[@flags/bench] only boolean flags are looked up'));
  return {
    metadata: { name: 'answer lookup' },
    runsOn: 'server',
    resolveBooleanEvaluation: (_key, fallback, context): Promise<ResolutionDetails<boolean>> =>
      Promise.resolve({ value: answers.get(context.targetingKey) ?? fallback, reason: 'STATIC' }),
    resolveStringEvaluation: reject,
    resolveNumberEvaluation: reject,
    resolveObjectEvaluation: reject,
  };
}

/** The SDK client over {@link lookupProvider}, with the hand-written answers of every person. */
export async function openFeatureFloorSystem(people: readonly Person[]): Promise<PeerSystem<FlatContext>> {
  const contexts = people.map(toFlatContext);
  const answers = new Map(contexts.map((ctx) => [ctx.targetingKey, evaluateByHand(ctx)]));
  await OpenFeature.setProviderAndWait(DOMAIN, lookupProvider(answers));
  const client = OpenFeature.getClient(DOMAIN);
  return {
    name: 'OpenFeature SDK floor (answers looked up)',
    sameBuckets: true,
    note: 'no rules: the SDK client alone, the ceiling of any provider',
    contexts,
    evaluate: (ctx) => client.getBooleanValue(FLAG_KEY, false, ctx as never),
    close: () => OpenFeature.close(),
  };
}
