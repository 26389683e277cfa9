/**
 * The provider among OpenFeature's own parts: API and client hooks, domains, the Multi-Provider and
 * the ecosystem's OpenTelemetry hook recording our evaluations into an in-memory span exporter.
 */
import { MemoryStorageBackend } from '@flags/storage-memory';
import { SpanHook } from '@openfeature/open-telemetry-hooks';
import {
  FirstMatchStrategy,
  type Hook,
  InMemoryProvider,
  MultiProvider,
  OpenFeature,
  ProviderEvents,
} from '@openfeature/server-sdk';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { FlagsProvider } from '../src/index.js';
import { eventually } from './support/gated-storage.js';

afterEach(async () => {
  OpenFeature.clearHooks();
  await OpenFeature.clearProviders();
});

async function storeWith(flags: Parameters<MemoryStorageBackend['createFlag']>[0][]): Promise<MemoryStorageBackend> {
  const storage = new MemoryStorageBackend();
  for (const flag of flags) await storage.createFlag(flag);
  return storage;
}

describe('hooks', () => {
  it('4.4.2, 4.3.5: API, client and invocation hooks see our details, in the spec order', async () => {
    const storage = await storeWith([
      { key: 'beta', rules: [{ name: 'pro', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] }] },
    ]);
    await OpenFeature.setProviderAndWait('hooks', new FlagsProvider({ storage }));
    const client = OpenFeature.getClient('hooks');
    const calls: string[] = [];
    const hook = (name: string): Hook => ({
      before: (context) => {
        calls.push(`${name}:before:${context.flagKey}`);
      },
      after: (_context, details) => {
        calls.push(`${name}:after:${details.reason}:${details.variant}`);
      },
    });
    OpenFeature.addHooks(hook('api'));
    client.addHooks(hook('client'));
    await client.getBooleanValue('beta', false, { targetingKey: 'u-1', plan: 'pro' }, { hooks: [hook('call')] });
    expect(calls).toStrictEqual([
      'api:before:beta',
      'client:before:beta',
      'call:before:beta',
      'call:after:TARGETING_MATCH:pro',
      'client:after:TARGETING_MATCH:pro',
      'api:after:TARGETING_MATCH:pro',
    ]);
  });

  it('4.3.4: a before hook that adds context attributes changes our targeting', async () => {
    const storage = await storeWith([
      { key: 'beta', rules: [{ name: 'pro', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] }] },
    ]);
    await OpenFeature.setProviderAndWait('enrich', new FlagsProvider({ storage }));
    const client = OpenFeature.getClient('enrich');
    client.addHooks({ before: () => ({ plan: 'pro' }) });
    expect(await client.getBooleanValue('beta', false, { targetingKey: 'u-1' })).toBe(true);
  });

  it('an OpenTelemetry SpanHook from the ecosystem records each evaluation as a span', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    trace.setGlobalTracerProvider(tracerProvider);
    try {
      const storage = await storeWith([
        { key: 'pricing', flagType: 'string', defaultValue: 'standard', tags: ['growth'] },
        { key: 'beta', rules: [{ name: 'pro', conditions: [{ attribute: 'plan', operator: 'eq', value: 'pro' }] }] },
      ]);
      await OpenFeature.setProviderAndWait('otel', new FlagsProvider({ storage }));
      const client = OpenFeature.getClient('otel');
      client.addHooks(new SpanHook());
      await client.getStringValue('pricing', 'fallback', { targetingKey: 'u-1' });
      await client.getBooleanValue('beta', false, { targetingKey: 'u-2', plan: 'pro' });
      await client.getBooleanValue('missing', false, { targetingKey: 'u-3' });
      await tracerProvider.forceFlush();
      const spans = exporter.getFinishedSpans();
      expect(spans).toHaveLength(3);
      const attributes = spans.map((span) => span.attributes);
      expect(attributes[0]).toMatchObject({
        'feature_flag.key': 'pricing',
        'feature_flag.provider.name': '@flags/openfeature',
        'feature_flag.result.reason': 'static',
        'feature_flag.result.value': 'standard',
        'feature_flag.context.id': 'u-1',
      });
      expect(attributes[1]).toMatchObject({
        'feature_flag.key': 'beta',
        'feature_flag.result.reason': 'targeting_match',
        'feature_flag.result.variant': 'pro',
      });
      expect(attributes[2]).toMatchObject({ 'feature_flag.key': 'missing', 'error.type': 'flag_not_found' });
    } finally {
      trace.disable();
      await tracerProvider.shutdown();
    }
  });
});

describe('domains', () => {
  it('1.1.3, 5.1.3: each domain evaluates on its own store and hears only its own provider events', async () => {
    const blue = await storeWith([{ key: 'color', flagType: 'string', defaultValue: 'blue' }]);
    const green = await storeWith([{ key: 'color', flagType: 'string', defaultValue: 'green' }]);
    await OpenFeature.setProviderAndWait('blue', new FlagsProvider({ storage: blue, pollMs: 20 }));
    await OpenFeature.setProviderAndWait('green', new FlagsProvider({ storage: green, pollMs: 20 }));
    const blueClient = OpenFeature.getClient('blue');
    const greenClient = OpenFeature.getClient('green');
    expect(await blueClient.getStringValue('color', '')).toBe('blue');
    expect(await greenClient.getStringValue('color', '')).toBe('green');
    // The default provider is untouched: a client of an unknown domain gets the no-op default.
    expect(await OpenFeature.getClient('elsewhere').getStringDetails('color', 'none')).toMatchObject({ value: 'none' });

    const heard: string[] = [];
    blueClient.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      heard.push(`blue:${details?.flagsChanged}`);
    });
    greenClient.addHandler(ProviderEvents.ConfigurationChanged, (details) => {
      heard.push(`green:${details?.flagsChanged}`);
    });
    await green.createFlag({ key: 'new-in-green' });
    await eventually(() => heard.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(heard).toStrictEqual(['green:new-in-green']);
  });
});

describe('Multi-Provider', () => {
  it('FirstMatchStrategy: our flags first, another provider for the keys we do not have', async () => {
    const storage = await storeWith([{ key: 'checkout', defaultEnabled: true }]);
    const legacy = new InMemoryProvider({
      checkout: { variants: { on: true, off: false }, defaultVariant: 'off', disabled: false },
      'legacy-only': { variants: { on: true, off: false }, defaultVariant: 'on', disabled: false },
    });
    const multi = new MultiProvider(
      [{ provider: new FlagsProvider({ storage }) }, { provider: legacy }],
      new FirstMatchStrategy(),
    );
    await OpenFeature.setProviderAndWait('multi', multi);
    const client = OpenFeature.getClient('multi');
    expect(await client.getBooleanDetails('checkout', false)).toMatchObject({ value: true, reason: 'STATIC' });
    expect(await client.getBooleanDetails('legacy-only', false)).toMatchObject({ value: true, reason: 'STATIC' });
    // Missing everywhere: the Multi-Provider aggregates both providers' FLAG_NOT_FOUND into one error.
    expect(await client.getBooleanDetails('nowhere', false)).toMatchObject({ value: false, reason: 'ERROR' });
  });
});
