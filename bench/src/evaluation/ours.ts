/**
 * @flags itself, two ways: the pure engine (`evaluateFlag`: stored flag + context + segments in,
 * details out, no I/O) and the client (`getBooleanValue`) reading from the in-memory backend, which
 * adds a flag read, an override probe and a segment read per call (all copies, as every backend returns).
 */
import {
  createFlag,
  createSegment,
  type EvaluationContext,
  type EvaluationInputs,
  evaluateFlag,
  FeatureFlagClient,
  SegmentIndex,
} from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { FLAG_KEY, type Person, referenceFlag, referenceSegment } from './fixture.js';
import type { PeerSystem } from './system.js';

/** A person in @flags' context shape: known fields on top, the rest in `attributes`. */
export function toFlagsContext(person: Person): EvaluationContext {
  return {
    targetingKey: person.userId,
    userId: person.userId,
    environment: person.environment,
    appVersion: person.appVersion,
    country: person.country,
    attributes: {
      plan: person.plan,
      accountAgeDays: person.accountAgeDays,
      betaOptIn: person.betaOptIn,
      platform: person.platform,
    },
  };
}

/** The pure evaluator on a validated flag, with the segment index built once as a caller would. */
export function engineSystem(people: readonly Person[]): PeerSystem<EvaluationContext> {
  const flag = createFlag(referenceFlag());
  const inputs: EvaluationInputs<boolean> = {
    defaultValue: false,
    type: 'boolean',
    flagKey: FLAG_KEY,
    segments: SegmentIndex.of([createSegment(referenceSegment)]),
  };
  return {
    name: '@flags engine (evaluateFlag)',
    sameBuckets: true,
    note: 'the reference',
    contexts: people.map(toFlagsContext),
    evaluate: (ctx) => evaluateFlag(flag, ctx, inputs).value,
    close: () => {},
  };
}

/**
 * The pure evaluator on the reference flag given two prerequisites (two boolean flags with one rule
 * each, both on for everyone), found through a lookup as a caller holding its flags passes one: the
 * same answers as the reference, plus the cost of evaluating two flags first.
 */
export function prerequisiteEngineSystem(people: readonly Person[]): PeerSystem<EvaluationContext> {
  const gates = ['checkout-enabled', 'payments-up'].map((key) =>
    createFlag({
      key,
      rules: [{ name: 'live', conditions: [{ attribute: 'environment', operator: 'ne', value: 'offline' }] }],
      defaultEnabled: true,
    }),
  );
  const flag = createFlag({ ...referenceFlag(), prerequisites: gates.map((gate) => ({ flagKey: gate.key })) });
  const byKey = new Map(gates.map((gate) => [gate.key, gate]));
  const inputs: EvaluationInputs<boolean> = {
    defaultValue: false,
    type: 'boolean',
    flagKey: FLAG_KEY,
    segments: SegmentIndex.of([createSegment(referenceSegment)]),
    prerequisites: (key) => byKey.get(key),
  };
  return {
    name: '@flags engine, reference flag + 2 prerequisites',
    sameBuckets: true,
    note: 'evaluateFlag with a prerequisite lookup; both prerequisites met',
    contexts: people.map(toFlagsContext),
    evaluate: (ctx) => evaluateFlag(flag, ctx, inputs).value,
    close: () => {},
  };
}

/** A memory backend holding the reference flag and segment, read through the client. */
export async function clientSystem(people: readonly Person[]): Promise<PeerSystem<EvaluationContext>> {
  const storage = new MemoryStorageBackend();
  await storage.createSegment(referenceSegment);
  await storage.createFlag(referenceFlag());
  const client = new FeatureFlagClient({ storage });
  return {
    name: '@flags client, memory backend (getBooleanValue)',
    sameBuckets: true,
    note: 'async; reads flag, overrides, segments per call',
    contexts: people.map(toFlagsContext),
    evaluate: (ctx) => client.getBooleanValue(FLAG_KEY, false, ctx),
    close: () => client.close(),
  };
}
