import { describe, expect, it } from 'vitest';
import { assertStoredFlag, decodeModel, encodeModel } from '../src/codec/index.js';
import { evaluateFlag } from '../src/evaluation/index.js';
import { createFlag } from '../src/validation/index.js';

/** A litestar-flags document as its Redis backend stores it under `<prefix>flag:<key>` (snake_case). */
const LITESTAR = JSON.stringify({
  id: '019ca8d7-2d23-7bd4-81dd-7f301bef0d65',
  key: 'legacy-search',
  name: 'Legacy search',
  description: null,
  flag_type: 'boolean',
  status: 'active',
  default_enabled: true,
  default_value: null,
  tags: [],
  metadata: {},
  rules: [],
  variants: [],
  created_at: '2026-12-02T15:35:20.720000+00:00',
  updated_at: '2026-12-02T15:35:20.720000+00:00',
});

describe('a stored flag lacking a required field', () => {
  it('decodes to PARSE_ERROR, never to defaults (a litestar document under an @flags key)', () => {
    const flag = decodeModel('flag', LITESTAR);
    const details = evaluateFlag(flag, {}, { defaultValue: true, type: 'boolean' });
    // Filled with defaults it would serve false with reason STATIC: silently wrong.
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(details.errorMessage).toContain('defaultEnabled: is missing from the stored flag');
    expect(() => assertStoredFlag(flag)).toThrow(/flagType: is missing/);
  });

  it('a rule or variant lacking a field too', () => {
    const stored = createFlag({
      key: 'f',
      rules: [{ name: 'r', conditions: [] }],
      variants: [{ key: 'a', weight: 100, value: { enabled: true } }],
    });
    const withoutServe = JSON.parse(encodeModel(stored));
    delete withoutServe.rules[0].serveEnabled;
    const a = evaluateFlag(decodeModel('flag', JSON.stringify(withoutServe)), {}, { defaultValue: false });
    expect(a).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(a.errorMessage).toContain('rules[0].serveEnabled');
    const withoutWeight = JSON.parse(encodeModel(stored));
    delete withoutWeight.variants[0].weight;
    expect(
      evaluateFlag(decodeModel('flag', JSON.stringify(withoutWeight)), {}, { defaultValue: false }).errorCode,
    ).toBe('PARSE_ERROR');
  });

  it('a complete stored flag evaluates as before', () => {
    const stored = createFlag({ key: 'f', defaultEnabled: true });
    expect(() => assertStoredFlag(decodeModel('flag', encodeModel(stored)))).not.toThrow();
    expect(evaluateFlag(decodeModel('flag', encodeModel(stored)), {}, { defaultValue: false })).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
  });
});
