/**
 * The OpenFeature specification's flag-evaluation and metadata scenarios (its gherkin suites
 * `evaluation_v2.feature` and `metadata.feature`), as our own vitest tests through the real SDK, for
 * any backend: each test name cites the requirements it checks.
 */
import type { StorageBackend } from '@flags/core';
import {
  type Client,
  type EvaluationContext,
  type EvaluationDetails,
  type FlagValue,
  type Hook,
  type JsonValue,
  OpenFeature,
  ProviderStatus,
} from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlagsProvider } from '../../src/index.js';
import { seedSpecFlags, TEMPLATE } from './spec-flags.js';

/** A fresh, empty store of the backend under test, and how to dispose of it. */
export interface OpenedStore {
  storage: StorageBackend;
  close(): Promise<void>;
}

type Kind = 'Boolean' | 'String' | 'Integer' | 'Float' | 'Object';

function evaluate(
  client: Client,
  kind: Kind,
  key: string,
  fallback: FlagValue,
  context?: EvaluationContext,
  options?: { hooks: Hook[] },
): Promise<EvaluationDetails<FlagValue>> {
  switch (kind) {
    case 'Boolean':
      return client.getBooleanDetails(key, fallback as boolean, context, options);
    case 'String':
      return client.getStringDetails(key, fallback as string, context, options);
    case 'Integer':
    case 'Float':
      return client.getNumberDetails(key, fallback as number, context, options);
    default:
      return client.getObjectDetails(key, fallback as JsonValue, context, options);
  }
}

/** [kind, key prefix, fallback, resolved value, zero value, the spec's default variant] */
const KINDS: [Kind, string, FlagValue, FlagValue, FlagValue, string][] = [
  ['Boolean', 'boolean', false, true, false, 'on'],
  ['String', 'string', 'bye', 'hi', '', 'greeting'],
  ['Integer', 'integer', 1, 10, 0, 'ten'],
  ['Float', 'float', 0.1, 0.5, 0, 'half'],
  ['Object', 'object', { a: 1 }, TEMPLATE, {}, 'template'],
];
/** A fallback that differs from the zero value, for the targeted-zero scenarios. */
const NON_ZERO: Record<Kind, FlagValue> = { Boolean: true, String: 'str', Integer: 1, Float: 1, Object: { a: 1 } };
/** A flag of another type than `kind`, for the type-mismatch scenario. */
const OTHER_TYPE: Record<Kind, string> = {
  Boolean: 'string-flag',
  String: 'boolean-flag',
  Integer: 'boolean-flag',
  Float: 'boolean-flag',
  Object: 'boolean-flag',
};

/** Registers the scenarios against stores that `open` creates (seeded here with the spec's test flags). */
export function describeSpecScenarios(backend: string, open: () => Promise<OpenedStore>): void {
  describe(`OpenFeature spec scenarios on ${backend}`, () => {
    const domain = `spec-${backend}`;
    let store: OpenedStore;
    let client: Client;
    let bareDomain: string;
    let bare: Client;

    beforeAll(async () => {
      store = await open();
      await seedSpecFlags(store.storage);
      // 1.1.2.1, 1.7.3: registered through the standard API, READY once initialize resolves.
      await OpenFeature.setProviderAndWait(domain, new FlagsProvider({ storage: store.storage }));
      client = OpenFeature.getClient(domain);
      bareDomain = `${domain}-own-metadata`;
      await OpenFeature.setProviderAndWait(bareDomain, new FlagsProvider({ storage: store.storage, flagFacts: false }));
      bare = OpenFeature.getClient(bareDomain);
    });
    afterAll(async () => {
      await OpenFeature.clearProviders();
      await store?.close();
    });

    it('1.7.1, 1.7.3, 2.4.1: a stable provider is READY after initialize', () => {
      expect(client.providerStatus).toBe(ProviderStatus.READY);
      expect(client.metadata.providerMetadata.name).toBe('@flags/openfeature');
    });

    for (const [kind, prefix, fallback, resolved, zero, defaultVariant] of KINDS) {
      describe(`${kind} flags`, () => {
        it('1.3.1.1, 1.4.1.1, 1.4.3, 2.2.1, 2.2.2.1, 2.2.3: resolve the flag value', async () => {
          const details = await evaluate(client, kind, `${prefix}-flag`, fallback);
          expect(details.value).toStrictEqual(resolved);
        });

        it('1.4.5, 1.4.6, 1.4.7, 2.2.4, 2.2.5, 2.2.6, 2.3.2: details name the key, the default variant, reason STATIC, no error', async () => {
          const details = await evaluate(client, kind, `${prefix}-flag`, fallback);
          expect(details).toMatchObject({
            flagKey: `${prefix}-flag`,
            value: resolved,
            reason: 'STATIC',
            variant: defaultVariant,
          });
          expect(details.errorCode).toBeUndefined();
          expect(details.errorMessage).toBeUndefined();
        });

        it('1.4.7: a zero value is resolved as a value, reason STATIC', async () => {
          const details = await evaluate(client, kind, `${prefix}-zero-flag`, NON_ZERO[kind]);
          expect(details).toMatchObject({ value: zero, reason: 'STATIC', variant: 'zero' });
        });

        it('1.4.6, 1.4.7, 2.2.4: a zero value served by targeting is TARGETING_MATCH with the rule as variant', async () => {
          const context = { email: 'ballmer@macrosoft.com' };
          const details = await evaluate(client, kind, `${prefix}-targeted-zero-flag`, NON_ZERO[kind], context);
          expect(details).toMatchObject({ value: zero, reason: 'TARGETING_MATCH', variant: 'zero' });
        });

        it('1.4.7: targeting that does not match falls back to the flag default, reason DEFAULT', async () => {
          const context = { email: 'ballmer@none.com' };
          const details = await evaluate(client, kind, `${prefix}-targeted-zero-flag`, NON_ZERO[kind], context);
          expect(details).toMatchObject({ value: zero, reason: 'DEFAULT', variant: 'zero' });
        });

        it('1.3.1.1: an empty context and a null attribute fall back to DEFAULT', async () => {
          const contexts: (EvaluationContext | undefined)[] = [undefined, {}, { email: null }];
          for (const context of contexts) {
            const details = await evaluate(client, kind, `${prefix}-targeted-zero-flag`, NON_ZERO[kind], context);
            expect(details, JSON.stringify(context)).toMatchObject({ value: zero, reason: 'DEFAULT' });
          }
        });

        it('1.4.8, 1.4.9, 1.4.10, 1.4.13, 2.2.7: a missing flag gives the fallback, ERROR, FLAG_NOT_FOUND', async () => {
          const details = await evaluate(client, kind, 'non-existent-flag', fallback);
          expect(details).toMatchObject({ value: fallback, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
          expect(details.errorMessage).toContain('non-existent-flag');
        });

        it('1.3.4, 1.4.10, 2.2.7: a flag of another type gives the fallback, ERROR, TYPE_MISMATCH', async () => {
          const details = await evaluate(client, kind, OTHER_TYPE[kind], fallback);
          expect(details).toMatchObject({ value: fallback, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
        });

        it('1.4.7: a disabled flag gives the caller fallback with reason DISABLED', async () => {
          const details = await evaluate(client, kind, `${prefix}-disabled-flag`, fallback);
          expect(details).toMatchObject({ value: fallback, reason: 'DISABLED' });
          expect(details.errorCode).toBeUndefined();
        });

        it('1.4.12: evaluation is asynchronous and does not block', async () => {
          let settled = false;
          const pending = evaluate(client, kind, `${prefix}-flag`, fallback).then((details) => {
            settled = true;
            return details;
          });
          expect(settled).toBe(false);
          expect((await pending).value).toStrictEqual(resolved);
        });
      });
    }

    it('1.3.1.1: several context attributes together drive targeting', async () => {
      const context = { email: 'ballmer@macrosoft.com', role: 'admin', age: 65, customer: false };
      expect(await client.getStringDetails('complex-targeted', 'default', context)).toMatchObject({
        value: 'INTERNAL',
        reason: 'TARGETING_MATCH',
      });
      expect(
        await client.getStringDetails('complex-targeted', 'default', { ...context, customer: true }),
      ).toMatchObject({
        value: 'EXTERNAL',
        reason: 'DEFAULT',
        variant: 'external',
      });
    });

    it('1.3.1.1: a structure flag resolves to its object, reason STATIC', async () => {
      expect(await client.getObjectDetails('object-flag', {})).toMatchObject({ value: TEMPLATE, reason: 'STATIC' });
    });

    it('1.4.14, 2.2.9, 2.2.10: flag metadata carries the flag metadata with its types', async () => {
      const { flagMetadata } = await bare.getBooleanDetails('metadata-flag', true);
      expect(flagMetadata).toStrictEqual({ string: '1.0.2', integer: 2, boolean: true, float: 0.1 });
      const withFacts = await client.getBooleanDetails('metadata-flag', true);
      expect(withFacts.flagMetadata).toMatchObject({ string: '1.0.2', integer: 2, boolean: true, float: 0.1 });
    });

    it('1.4.14: a flag without metadata resolves empty metadata (flagFacts: false)', async () => {
      for (const [kind, key, fallback] of [
        ['Boolean', 'boolean-flag', true],
        ['Integer', 'integer-flag', 23],
        ['Float', 'float-flag', 2.3],
        ['String', 'string-flag', 'value'],
      ] as const) {
        expect((await evaluate(bare, kind, key, fallback)).flagMetadata, key).toStrictEqual({});
      }
    });

    it('1.5.1, 4.4.2: hooks given as evaluation options run, in order, around our resolution', async () => {
      const calls: string[] = [];
      const hook = (name: string): Hook => ({
        before: () => {
          calls.push(`${name}:before`);
        },
        after: (_context, details) => {
          calls.push(`${name}:after:${String(details.value)}:${details.reason}`);
        },
        finally: () => {
          calls.push(`${name}:finally`);
        },
      });
      await client.getBooleanDetails('boolean-flag', false, {}, { hooks: [hook('first'), hook('second')] });
      expect(calls).toStrictEqual([
        'first:before',
        'second:before',
        'second:after:true:STATIC',
        'first:after:true:STATIC',
        'second:finally',
        'first:finally',
      ]);
    });

    it('1.4.15.1: evaluation leaves the caller context unchanged', async () => {
      const context = { targetingKey: 'k', email: 'ballmer@macrosoft.com', nested: { list: [1, 2] } };
      const copy = structuredClone(context);
      await client.getBooleanDetails('boolean-targeted-zero-flag', true, context);
      expect(context).toStrictEqual(copy);
    });
  });
}
