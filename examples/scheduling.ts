/**
 * A scheduled enable and a phased rollout, run by a FlagScheduler on an in-memory store.
 * Run with `npx tsx examples/scheduling.ts` (about five seconds).
 */
import { FeatureFlagClient, FlagScheduler, type SchedulerRunReport } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';

const startedAt = Date.now();
const inMs = (ms: number) => new Date(startedAt + ms);
const stamp = () => `[+${((Date.now() - startedAt) / 1000).toFixed(1)}s]`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const storage = new MemoryStorageBackend();
const client = new FeatureFlagClient({ storage });

// A launch: the new checkout is off now and switches itself on in one second.
const checkout = await storage.createFlag({ key: 'new-checkout', status: 'inactive', defaultEnabled: true });
await storage.createScheduledChange({
  flagId: checkout.id,
  changeType: 'enable',
  scheduledAt: inMs(1_000),
  createdBy: 'release-manager',
});

// A phased rollout: dark mode reaches 10 %, then 50 %, then everyone, one step a second.
const darkMode = await storage.createFlag({ key: 'dark-mode', defaultEnabled: false });
for (const [phaseNumber, targetPercentage] of [
  [1, 10],
  [2, 50],
  [3, 100],
] as const) {
  await storage.createRolloutPhase({
    flagId: darkMode.id,
    phaseNumber,
    targetPercentage,
    scheduledAt: inMs(1_000 + phaseNumber * 1_000),
  });
}

const keyOf = new Map([
  [checkout.id, checkout.key],
  [darkMode.id, darkMode.key],
]);
function logRun(report: SchedulerRunReport): void {
  for (const item of report.applied) {
    console.log(`${stamp()} scheduler applied ${item.action} to ${item.flagKey} (now v${item.flagVersion})`);
  }
  for (const item of [...report.skipped, ...report.failed]) {
    console.log(`${stamp()} scheduler did not apply ${item.action} to ${keyOf.get(item.flagId)}: ${item.reason}`);
  }
  if (report.error) console.log(`${stamp()} ${report.error}`);
}

const users = Array.from({ length: 1_000 }, (_, i) => `user-${i}`);
async function printState(): Promise<void> {
  const checkoutOn = await client.isEnabled('new-checkout', { targetingKey: 'user-1' });
  let darkModeUsers = 0;
  for (const targetingKey of users) {
    if (await client.isEnabled('dark-mode', { targetingKey })) darkModeUsers++;
  }
  console.log(
    `${stamp()} new-checkout: ${checkoutOn ? 'ON ' : 'off'} · dark-mode: ${darkModeUsers} of ${users.length} users`,
  );
}

// Several processes may run schedulers on one store; each change still applies exactly once.
const scheduler = new FlagScheduler({ storage, intervalMs: 250, leaseMs: 30_000, onRun: logRun });
scheduler.start();
for (let tick = 0; tick < 10; tick++) {
  await printState();
  await sleep(500);
}
await scheduler.stop();

const executed = (await storage.getRolloutPhases(darkMode.id)).filter((p) => p.executed);
console.log(`${stamp()} rollout phases executed: ${executed.map((p) => `${p.targetPercentage}%`).join(' → ')}`);
const [rule] = (await storage.getFlag('dark-mode'))?.rules ?? [];
console.log(
  `${stamp()} dark-mode got one catch-all rule: "${rule?.name}", serving true to ${rule?.rolloutPercentage}%`,
);
await client.close();
