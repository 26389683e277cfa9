/**
 * The OpenFeature specification's test flags (its gherkin `test-flags.json`), written as @flags flags.
 * The spec's "variants + defaultVariant" is a @flags default value named by `defaultVariant`; its
 * `contextEvaluator` returning a variant is a rule named after that variant; `disabled: true` is
 * status `inactive`.
 */
import type { FeatureFlagInput, JsonValue, StorageBackend } from '@flags/core';

const MACROSOFT = { attribute: 'email', operator: 'eq', value: 'ballmer@macrosoft.com' } as const;

export const TEMPLATE = { showImages: true, title: 'Check out these pics!', imagesPerPage: 100 };

type Typed = { flagType: 'boolean'; value: boolean } | { flagType: 'string' | 'number' | 'json'; value: JsonValue };

function typed({ flagType, value }: Typed): Partial<FeatureFlagInput> {
  return flagType === 'boolean' ? { flagType, defaultEnabled: value } : { flagType, defaultValue: value };
}

/** A flag serving `value` to `ballmer@macrosoft.com` through a rule named "zero", and `value` by default. */
function targetedZero(key: string, zero: Typed): FeatureFlagInput {
  const serve = zero.flagType === 'boolean' ? { serveEnabled: zero.value } : { serveValue: zero.value };
  return { key, ...typed(zero), defaultVariant: 'zero', rules: [{ name: 'zero', conditions: [MACROSOFT], ...serve }] };
}

/** Every spec test flag the evaluation and metadata scenarios use. */
export function specFlags(): FeatureFlagInput[] {
  // [kind, the spec's value and default variant, its zero value]
  const kinds: [string, Typed, string, Typed][] = [
    ['boolean', { flagType: 'boolean', value: true }, 'on', { flagType: 'boolean', value: false }],
    ['string', { flagType: 'string', value: 'hi' }, 'greeting', { flagType: 'string', value: '' }],
    ['integer', { flagType: 'number', value: 10 }, 'ten', { flagType: 'number', value: 0 }],
    ['float', { flagType: 'number', value: 0.5 }, 'half', { flagType: 'number', value: 0 }],
    ['object', { flagType: 'json', value: TEMPLATE }, 'template', { flagType: 'json', value: {} }],
  ];
  const flags: FeatureFlagInput[] = [];
  for (const [kind, normal, defaultVariant, zero] of kinds) {
    flags.push({ key: `${kind}-flag`, defaultVariant, ...typed(normal) });
    flags.push({ key: `${kind}-disabled-flag`, status: 'inactive', ...typed(normal) });
    flags.push({ key: `${kind}-zero-flag`, defaultVariant: 'zero', ...typed(zero) });
    flags.push(targetedZero(`${kind}-targeted-zero-flag`, zero));
  }
  flags.push({
    key: 'complex-targeted',
    flagType: 'string',
    defaultValue: 'EXTERNAL',
    defaultVariant: 'external',
    rules: [
      {
        name: 'internal',
        conditions: [
          // `!customer`: a missing or false `customer` passes.
          { attribute: 'customer', operator: 'ne', value: true },
          MACROSOFT,
          { attribute: 'age', operator: 'gt', value: 10 },
        ],
        serveValue: 'INTERNAL',
      },
    ],
  });
  flags.push({
    key: 'metadata-flag',
    defaultEnabled: true,
    metadata: { string: '1.0.2', integer: 2, boolean: true, float: 0.1 },
  });
  return flags;
}

/** Writes {@link specFlags} through `storage`. */
export async function seedSpecFlags(storage: StorageBackend): Promise<void> {
  for (const flag of specFlags()) await storage.createFlag(flag);
}
