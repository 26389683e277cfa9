import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFlatContext } from '../src/client/index.js';
import { evaluateFlag } from '../src/evaluation/index.js';
import { makeFlag } from './support/flags.js';

describe('fromFlatContext', () => {
  it('maps targetingKey and the known string fields to context fields, every other key to an attribute', () => {
    const at = new Date('2024-06-03T08:00:00Z');
    expect(
      fromFlatContext({
        targetingKey: 'k-1',
        userId: 'u-1',
        organizationId: 'o-1',
        tenantId: 't-1',
        environment: 'prod',
        appVersion: '2.1.0',
        ipAddress: '10.0.0.1',
        userAgent: 'curl',
        country: 'DE',
        timestamp: at,
        plan: 'pro',
        seats: 40,
        beta: false,
        nothing: null,
      }),
    ).toStrictEqual({
      targetingKey: 'k-1',
      userId: 'u-1',
      organizationId: 'o-1',
      tenantId: 't-1',
      environment: 'prod',
      appVersion: '2.1.0',
      ipAddress: '10.0.0.1',
      userAgent: 'curl',
      country: 'DE',
      timestamp: at,
      attributes: { plan: 'pro', seats: 40, beta: false, nothing: null },
    });
  });

  it('keeps nested objects, arrays and dates as they are', () => {
    const company = { size: 40, address: { city: 'Berlin' } };
    const signup = new Date('2020-01-01T00:00:00Z');
    const context = fromFlatContext({ company, roles: ['admin'], signup });
    expect(context.attributes).toStrictEqual({ company, roles: ['admin'], signup });
    expect(context.attributes?.company).toBe(company);
  });

  it('a known field holding another type stays readable, as an attribute of the same name', () => {
    const context = fromFlatContext({ userId: 42, timestamp: '2024-06-03T08:00:00Z', country: ['DE'] });
    expect(context).toStrictEqual({
      attributes: { userId: 42, timestamp: '2024-06-03T08:00:00Z', country: ['DE'] },
    });
    expect(fromFlatContext({ timestamp: new Date(Number.NaN) }).timestamp).toBeUndefined();
  });

  it('merges a nested attributes object (the @flags shape); top-level keys win', () => {
    expect(fromFlatContext({ targetingKey: 'k', plan: 'pro', attributes: { plan: 'free', seats: 3 } })).toStrictEqual({
      targetingKey: 'k',
      attributes: { plan: 'pro', seats: 3 },
    });
    expect(fromFlatContext({ attributes: 'not an object' })).toStrictEqual({
      attributes: { attributes: 'not an object' },
    });
  });

  it('never reads inherited keys; an own __proto__ key is a plain attribute and changes no prototype', () => {
    const inherited = Object.create({ plan: 'pro', userId: 'ghost' }) as Record<string, unknown>;
    inherited.targetingKey = 'k';
    expect(fromFlatContext(inherited)).toStrictEqual({ targetingKey: 'k' });
    expect(fromFlatContext({}).attributes).toBeUndefined();

    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}') as Record<string, unknown>;
    const context = fromFlatContext(parsed);
    const attributes = context.attributes!;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual({ polluted: true });
    expect(attributes.constructor).toBe('c');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('skips undefined values and never throws on null, undefined or non-objects', () => {
    expect(fromFlatContext({ targetingKey: undefined, plan: undefined })).toStrictEqual({});
    expect(fromFlatContext(null)).toStrictEqual({});
    expect(fromFlatContext(undefined)).toStrictEqual({});
    expect(fromFlatContext('text' as never)).toStrictEqual({});
  });

  it('a flat context matches rules on top-level attributes, as the nested shape does', () => {
    const flag = makeFlag({
      rules: [
        {
          name: 'pro-de',
          conditions: [
            { attribute: 'plan', operator: 'eq', value: 'pro' },
            { attribute: 'country', operator: 'eq', value: 'DE' },
          ],
        },
      ],
    });
    const run = (flat: Record<string, unknown>) =>
      evaluateFlag(flag, fromFlatContext(flat), { type: 'boolean', defaultValue: false });
    expect(run({ targetingKey: 'k', plan: 'pro', country: 'DE' })).toMatchObject({ value: true, variant: 'pro-de' });
    expect(run({ targetingKey: 'k', plan: 'free', country: 'DE' })).toMatchObject({ value: false, reason: 'DEFAULT' });
  });

  it('property: every own key comes back, as a field or as an attribute, with the same value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (flat) => {
        const context = fromFlatContext(flat) as Record<string, unknown>;
        for (const key of Object.keys(flat)) {
          if (key === 'attributes') continue;
          const value = flat[key];
          const attributes = (context.attributes ?? {}) as Record<string, unknown>;
          const found = Object.hasOwn(attributes, key) ? attributes[key] : context[key];
          expect(found).toBe(value);
        }
      }),
    );
  });
});
