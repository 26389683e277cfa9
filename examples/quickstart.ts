/**
 * Quickstart: creates a few flags (rules, a segment, an override, a rollout, a variant split) and
 * evaluates them for several users with the live client (every flag in memory, kept fresh by the
 * store's change feed: the way to run in production), printing one row per user. Run it with
 * `pnpm quickstart`.
 */
import { type EvaluationContext, type EvaluationDetails, LiveFlagClient } from '@flags/core';
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
// One load of every flag and segment; from then on evaluations read memory, and writes made by any
// process reach this one through the change feed (polled every second on SQLite).
const client = new LiveFlagClient({ storage, defaultContext: { environment: 'quickstart' } });
try {
  await seedQuickstartFlags(storage);
  await client.ready();
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
  // Stops following the feed and closes the storage.
  await client.close();
}
