import type { StorageBackend } from '@flags/core';

/**
 * The quickstart's flags: a boolean rollout with a targeting rule and an override, a string flag
 * whose rule uses a segment, and a three-way variant split. Written through `storage`, so the same
 * data works on every backend.
 */
export async function seedQuickstartFlags(storage: StorageBackend): Promise<void> {
  for (const key of ['new-checkout', 'pricing-page', 'button-color']) await storage.deleteFlag(key);
  const existing = await storage.getSegmentByName('enterprise-eu');
  if (existing) await storage.deleteSegment(existing.id);

  await storage.createSegment({
    name: 'enterprise-eu',
    description: 'Enterprise plan customers in the EU',
    conditions: [
      { attribute: 'plan', operator: 'eq', value: 'enterprise' },
      { attribute: 'country', operator: 'in', value: ['DE', 'FR', 'NL', 'ES', 'IT'] },
    ],
  });

  const checkout = await storage.createFlag({
    key: 'new-checkout',
    name: 'New checkout flow',
    flagType: 'boolean',
    defaultEnabled: false,
    rules: [
      {
        name: 'staff',
        priority: 0,
        conditions: [{ attribute: 'email', operator: 'ends_with', value: '@example.com' }],
        serveEnabled: true,
      },
      {
        name: 'modern-app-30%',
        priority: 1,
        conditions: [{ attribute: 'appVersion', operator: 'semver_gte', value: '2.0.0' }],
        serveEnabled: true,
        rolloutPercentage: 30,
      },
    ],
  });
  // A single customer who asked to stay on the old checkout, whatever the rules say.
  await storage.upsertOverride({ flagId: checkout.id, entityType: 'user', entityId: 'user-7', enabled: false });

  await storage.createFlag({
    key: 'pricing-page',
    name: 'Pricing page variant',
    flagType: 'string',
    defaultValue: 'standard',
    rules: [
      {
        name: 'enterprise-eu',
        conditions: [{ attribute: 'segment', operator: 'in_segment', value: 'enterprise-eu' }],
        serveValue: 'enterprise-eur',
      },
    ],
  });

  await storage.createFlag({
    key: 'button-color',
    name: 'Checkout button colour experiment',
    flagType: 'json',
    defaultValue: { color: 'gray' },
    variants: [
      { key: 'blue', value: { color: 'blue' }, weight: 34 },
      { key: 'green', value: { color: 'green' }, weight: 33 },
      { key: 'orange', value: { color: 'orange' }, weight: 33 },
    ],
  });
}
