/**
 * Quickstart: creates a few flags (rules, a segment, an override, a rollout, a variant split) and
 * evaluates them for several users, printing one row per user. Run it with `pnpm quickstart`.
 */
import { type EvaluationContext, type EvaluationDetails, FeatureFlagClient } from '@flags/core';
import { printTable } from './print-table.js';
import { seedQuickstartFlags } from './quickstart-flags.js';
import { openQuickstartStorage } from './quickstart-storage.js';

const users: EvaluationContext[] = [
  { targetingKey: 'user-1', userId: 'user-1', appVersion: '2.3.0', attributes: { email: 'ann@example.com' } },
  { targetingKey: 'user-2', userId: 'user-2', appVersion: '2.1.0', country: 'DE', attributes: { plan: 'enterprise' } },
  { targetingKey: 'user-3', userId: 'user-3', appVersion: '2.1.0', country: 'US', attributes: { plan: 'enterprise' } },
  { targetingKey: 'user-4', userId: 'user-4', appVersion: '2.0.1' },
  { targetingKey: 'user-5', userId: 'user-5', appVersion: '1.9.9' },
  { targetingKey: 'user-6', userId: 'user-6', appVersion: '2.4.0', country: 'FR', attributes: { plan: 'enterprise' } },
  { targetingKey: 'user-7', userId: 'user-7', appVersion: '2.2.0', attributes: { email: 'eve@example.com' } },
];

const show = (d: EvaluationDetails<unknown>) =>
  `${JSON.stringify(d.value)} (${d.reason}${d.variant ? `: ${d.variant}` : ''})`;

const { storage, description } = await openQuickstartStorage();
try {
  await seedQuickstartFlags(storage);
  const client = new FeatureFlagClient({ storage, defaultContext: { environment: 'quickstart' } });
  console.log(`@flags quickstart — storage: ${description}\n`);
  const rows: Record<string, string>[] = [];
  for (const ctx of users) {
    rows.push({
      user: ctx.userId ?? '',
      'new-checkout': show(await client.getBooleanDetails('new-checkout', false, ctx)),
      'pricing-page': show(await client.getStringDetails('pricing-page', 'standard', ctx)),
      'button-color': show(await client.getObjectDetails('button-color', { color: 'gray' }, ctx)),
    });
  }
  printTable(rows);
  const missing = await client.getBooleanDetails('no-such-flag', false, users[0]);
  console.log(`\nunknown flag → ${show(missing)} ${missing.errorCode}`);
} finally {
  await storage.close();
}
