import { beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../src/errors.js';
import type { FeatureFlagInput, ScheduledFlagChangeInput } from '../src/models/index.js';
import { FlagScheduler, type FlagSchedulerOptions } from '../src/scheduler/index.js';
import { SchedulerStore } from './support/scheduler-store.js';

const NOW = new Date('2030-01-01T12:00:00Z');
const EARLIER = new Date('2030-01-01T11:00:00Z');

let store: SchedulerStore;
beforeEach(() => {
  store = new SchedulerStore();
});

const scheduler = (options: Partial<FlagSchedulerOptions> = {}) =>
  new FlagScheduler({ storage: store.backend, owner: 'test-scheduler', ...options });
const flag = (input: FeatureFlagInput) => store.createFlag(input);
const change = (flagId: string, input: Omit<ScheduledFlagChangeInput, 'flagId' | 'scheduledAt'>) =>
  store.createScheduledChange({ flagId, scheduledAt: EARLIER, ...input });
const stored = (key: string) => {
  const f = store.flags.get(key);
  if (f === undefined) throw new Error(`no flag ${key}`);
  return f;
};

/** Simulates another writer: bumps the stored flag's version with an unrelated edit. */
const concurrentEdit = (key: string, description: string) => {
  const f = stored(key);
  store.flags.set(key, { ...f, description, version: f.version + 1 });
};

describe('deleted flags', () => {
  it('marks a change whose flag is gone executed, with the reason as outcome', async () => {
    const f = await flag({ key: 'doomed', status: 'inactive' });
    const c = await change(f.id, { changeType: 'enable' });
    store.flags.delete('doomed'); // bypasses the cascade, as a race with deleteFlag would

    const report = await scheduler().runDue(NOW);

    expect(report.skipped).toEqual([
      expect.objectContaining({ id: c.id, reason: `flag ${f.id} no longer exists`, marked: true }),
    ]);
    expect(store.changes.get(c.id)).toMatchObject({
      executed: true,
      outcome: `skipped: flag ${f.id} no longer exists`,
    });
  });

  it('notices a flag deleted during the run, and one re-created under the same key', async () => {
    const gone = await flag({ key: 'gone', status: 'inactive' });
    const reborn = await flag({ key: 'reborn', status: 'inactive' });
    const c1 = await change(gone.id, { changeType: 'enable' });
    const c2 = await change(reborn.id, { changeType: 'enable' });
    store.before.set('getFlag', async () => {
      store.before.delete('getFlag');
      store.flags.delete('gone');
      store.flags.delete('reborn');
      await store.createFlag({ key: 'reborn', status: 'inactive' });
    });

    const report = await scheduler().runDue(NOW);

    expect(report.skipped.map((s) => [s.id, s.marked])).toEqual([
      [c1.id, true],
      [c2.id, true],
    ]);
    expect(stored('reborn')).toMatchObject({ status: 'inactive', version: 1 });
  });
});

describe('failures', () => {
  it('retires a change that cannot fit its flag and still applies the others', async () => {
    const bool = await flag({ key: 'bool' });
    const text = await flag({ key: 'text', flagType: 'string', defaultValue: 'a' });
    const bad = await change(bool.id, { changeType: 'update_value', newValue: 'yes' });
    const wrongType = await change(text.id, { changeType: 'update_value', newValue: 42 });
    const good = await change(bool.id, { changeType: 'disable' });

    const report = await scheduler().runDue(NOW);

    expect(report.failed.map((f) => [f.id, f.marked])).toEqual([
      [bad.id, true],
      [wrongType.id, true],
    ]);
    expect(report.failed[0]?.reason).toMatch(/newValue: must be a boolean/);
    expect(store.changes.get(wrongType.id)?.outcome).toMatch(/^failed: /);
    expect(report.applied.map((a) => a.id)).toEqual([good.id]);
    expect(stored('text')).toMatchObject({ defaultValue: 'a', version: 1 });
  });

  it('keeps a change pending after a storage failure, holds back its flag, and applies it on the next run', async () => {
    const f = await flag({ key: 'flaky', status: 'inactive' });
    const other = await flag({ key: 'other', status: 'inactive' });
    const first = await change(f.id, { changeType: 'enable' });
    const second = await change(f.id, { changeType: 'update_value', newValue: true });
    await change(other.id, { changeType: 'enable' });
    let failures = 1;
    store.before.set('updateFlag', () => {
      if (failures-- > 0) throw new StorageError('[test] connection reset');
    });
    const s = scheduler();

    const broken = await s.runDue(NOW);
    const healed = await s.runDue(NOW);

    expect(broken.failed).toEqual([
      expect.objectContaining({ id: first.id, reason: '[test] connection reset', marked: false }),
    ]);
    expect(broken.skipped).toEqual([
      expect.objectContaining({ id: second.id, reason: `waits for ${first.id} of the same flag` }),
    ]);
    expect(broken.applied.map((a) => a.flagKey)).toEqual(['other']);
    expect(healed.applied.map((a) => a.id)).toEqual([first.id, second.id]);
    expect(stored('flaky')).toMatchObject({ status: 'active', defaultEnabled: true, version: 3 });
  });

  it('reports a failed read in the report instead of rejecting', async () => {
    store.before.set('getPendingRolloutPhases', () => {
      throw new StorageError('[test] store down');
    });
    const reports: unknown[] = [];

    const report = await scheduler({ onRun: (r) => reports.push(r) }).runDue(NOW);

    expect(report.error).toBe('[@flags/core] scheduler run failed: [test] store down');
    expect(reports).toEqual([report]);
  });
});

describe('version conflicts', () => {
  it('retries on the fresh flag and keeps the other writer’s edit', async () => {
    const f = await flag({ key: 'contended', rules: [{ rolloutPercentage: 0 }] });
    await change(f.id, { changeType: 'update_rollout', newRolloutPercentage: 25 });
    store.before.set('updateFlag', () => {
      store.before.delete('updateFlag');
      concurrentEdit('contended', 'edited meanwhile');
    });

    const report = await scheduler().runDue(NOW);

    expect(report.applied).toEqual([expect.objectContaining({ flagVersion: 3, changed: true })]);
    expect(stored('contended')).toMatchObject({
      description: 'edited meanwhile',
      rules: [expect.objectContaining({ rolloutPercentage: 25 })],
    });
    expect(store.calls.get('updateFlag')).toBe(2);
  });

  it('gives up after maxAttempts and leaves the change pending', async () => {
    const f = await flag({ key: 'hot', status: 'inactive' });
    const c = await change(f.id, { changeType: 'enable' });
    store.before.set('updateFlag', () => concurrentEdit('hot', 'again'));

    const report = await scheduler({ maxAttempts: 3 }).runDue(NOW);

    expect(report.failed).toEqual([
      expect.objectContaining({
        id: c.id,
        reason: '[@flags/core] flag "hot" kept changing; gave up after 3 attempts',
        marked: false,
      }),
    ]);
    expect(store.calls.get('updateFlag')).toBe(3);
    expect(store.changes.get(c.id)?.executed).toBe(false);
  });

  it('stops re-applying when another scheduler took the item over meanwhile', async () => {
    let clock = 1_000_000;
    store.now = () => clock;
    const f = await flag({ key: 'taken', status: 'inactive' });
    const c = await change(f.id, { changeType: 'enable' });
    store.before.set('updateFlag', async () => {
      store.before.delete('updateFlag');
      concurrentEdit('taken', 'meanwhile');
      clock += 2_000; // our lease ran out …
      await store.claimScheduledChange(c.id, 'usurper', 60_000); // … and someone else holds it
    });

    const report = await scheduler({ leaseMs: 1_000 }).runDue(NOW);

    expect(report.skipped).toEqual([expect.objectContaining({ id: c.id, reason: 'lease lost to another scheduler' })]);
    expect(stored('taken')).toMatchObject({ status: 'inactive', version: 2 });
  });
});
