import { beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../src/errors.js';
import type { FeatureFlagInput, ScheduledFlagChangeInput } from '../src/models/index.js';
import { FlagScheduler, type FlagSchedulerOptions } from '../src/scheduler/index.js';
import { SchedulerStore } from './support/scheduler-store.js';

const T0 = new Date('2030-01-01T12:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let store: SchedulerStore;
beforeEach(() => {
  store = new SchedulerStore();
});

const scheduler = (options: Partial<FlagSchedulerOptions> = {}) =>
  new FlagScheduler({ storage: store.backend, leaseMs: 60_000, owner: 'test-scheduler', ...options });
const flag = (input: FeatureFlagInput) => store.createFlag(input);
const change = (flagId: string, input: Omit<ScheduledFlagChangeInput, 'flagId'>) =>
  store.createScheduledChange({ flagId, ...input });
const stored = (key: string) => {
  const f = store.flags.get(key);
  if (f === undefined) throw new Error(`no flag ${key}`);
  return f;
};

describe('change types', () => {
  it('applies each change type once, through a versioned update, and marks it executed', async () => {
    const off = await flag({ key: 'off', status: 'inactive' });
    const on = await flag({ key: 'on' });
    const bool = await flag({ key: 'bool', defaultEnabled: false });
    const text = await flag({ key: 'text', flagType: 'string', defaultValue: 'old' });
    const ruled = await flag({ key: 'ruled', rules: [{ rolloutPercentage: 5 }, { rolloutPercentage: null }] });
    const changes = [
      await change(off.id, { changeType: 'enable', scheduledAt: at(-5) }),
      await change(on.id, { changeType: 'disable', scheduledAt: at(-4) }),
      await change(bool.id, { changeType: 'update_value', newValue: true, scheduledAt: at(-3) }),
      await change(text.id, { changeType: 'update_value', newValue: 'new', scheduledAt: at(-2) }),
      await change(ruled.id, { changeType: 'update_rollout', newRolloutPercentage: 40, scheduledAt: at(-1) }),
    ];

    const report = await scheduler().runDue(T0);

    expect(report.applied.map((a) => [a.flagKey, a.flagVersion, a.changed])).toEqual([
      ['off', 2, true],
      ['on', 2, true],
      ['bool', 2, true],
      ['text', 2, true],
      ['ruled', 2, true],
    ]);
    expect(report.failed).toEqual([]);
    expect(stored('off').status).toBe('active');
    expect(stored('on').status).toBe('inactive');
    expect(stored('bool').defaultEnabled).toBe(true);
    expect(stored('text').defaultValue).toBe('new');
    expect(stored('ruled').rules.map((r) => r.rolloutPercentage)).toEqual([40, 40]);
    for (const c of changes) {
      expect(store.changes.get(c.id)).toMatchObject({ executed: true, executedAt: expect.any(Date), outcome: null });
    }
  });

  it('leaves items that are not due yet, and reads no flags when nothing is due', async () => {
    const f = await flag({ key: 'later', status: 'inactive' });
    const c = await change(f.id, { changeType: 'enable', scheduledAt: at(1) });

    const report = await scheduler().runDue(T0);

    expect(report).toMatchObject({ applied: [], skipped: [], failed: [], error: null });
    expect(store.changes.get(c.id)?.executed).toBe(false);
    expect(stored('later').version).toBe(1);
    expect(store.calls.get('getAllFlags')).toBeUndefined();
  });

  it('applies the due changes of one flag in scheduledAt order, ties by id', async () => {
    const f = await flag({ key: 'ordered', flagType: 'string', defaultValue: 'start' });
    await change(f.id, { changeType: 'update_value', newValue: 'third', scheduledAt: at(-1) });
    await change(f.id, { id: 'id-b', changeType: 'update_value', newValue: 'second', scheduledAt: at(-2) });
    await change(f.id, { id: 'id-a', changeType: 'update_value', newValue: 'first', scheduledAt: at(-2) });
    await change(f.id, { changeType: 'disable', scheduledAt: at(-3) });

    const report = await scheduler().runDue(T0);

    expect(report.applied.map((a) => a.flagVersion)).toEqual([2, 3, 4, 5]);
    expect(report.applied.slice(1, 3).map((a) => a.id)).toEqual(['id-a', 'id-b']);
    expect(stored('ordered')).toMatchObject({ defaultValue: 'third', status: 'inactive', version: 5 });
  });
});

describe('rollout phases', () => {
  it('advances 10 → 50 → 100 on every rule as each phase falls due', async () => {
    const f = await flag({
      key: 'phased',
      rules: [{ rolloutPercentage: 0 }, { conditions: [{ attribute: 'country', operator: 'eq', value: 'DE' }] }],
    });
    for (const [n, pct] of [
      [1, 10],
      [2, 50],
      [3, 100],
    ] as const) {
      await store.createRolloutPhase({ flagId: f.id, phaseNumber: n, targetPercentage: pct, scheduledAt: at(n * 10) });
    }
    const s = scheduler();
    const seen: (number | null)[][] = [];
    for (const minute of [5, 10, 15, 20, 30]) {
      await s.runDue(at(minute));
      seen.push(stored('phased').rules.map((r) => r.rolloutPercentage));
    }
    expect(seen).toEqual([
      [0, null],
      [10, 10],
      [10, 10],
      [50, 50],
      [100, 100],
    ]);
    expect(stored('phased').version).toBe(4);
    expect([...store.phases.values()].every((p) => p.executed)).toBe(true);
  });

  it('gives a boolean flag without rules one catch-all rule, then moves that rule', async () => {
    const f = await flag({ key: 'bare', defaultEnabled: false });
    await store.createRolloutPhase({ flagId: f.id, phaseNumber: 1, targetPercentage: 10, scheduledAt: at(-2) });
    await store.createRolloutPhase({ flagId: f.id, phaseNumber: 2, targetPercentage: 50, scheduledAt: at(-1) });

    const report = await scheduler().runDue(T0);

    expect(report.applied).toHaveLength(2);
    expect(stored('bare').rules).toEqual([
      expect.objectContaining({ conditions: [], enabled: true, serveEnabled: true, rolloutPercentage: 50 }),
    ]);
  });

  it('retires a phase of a non-boolean flag without rules as failed, with the reason recorded', async () => {
    const f = await flag({ key: 'text', flagType: 'string', defaultValue: 'x' });
    const p = await store.createRolloutPhase({
      flagId: f.id,
      phaseNumber: 1,
      targetPercentage: 10,
      scheduledAt: at(-1),
    });

    const report = await scheduler().runDue(T0);

    expect(report.failed).toEqual([expect.objectContaining({ id: p.id, kind: 'phase', marked: true })]);
    expect(store.phases.get(p.id)?.outcome).toMatch(/^failed: .*no value to roll out/);
    expect(stored('text').version).toBe(1);
  });
});

describe('leases and idempotency', () => {
  it('recovers an item claimed by a dead scheduler once its lease runs out', async () => {
    let clock = 1_000_000;
    store.now = () => clock;
    const f = await flag({ key: 'stuck', status: 'inactive' });
    const c = await change(f.id, { changeType: 'enable', scheduledAt: at(-1) });
    expect(await store.claimScheduledChange(c.id, 'dead-scheduler', 5_000)).toBe(true);

    const during = await scheduler().runDue(T0);
    clock += 5_001;
    const after = await scheduler().runDue(T0);

    expect(during.skipped).toEqual([expect.objectContaining({ id: c.id, marked: false })]);
    expect(after.applied).toEqual([expect.objectContaining({ id: c.id, changed: true, flagVersion: 2 })]);
    expect(stored('stuck').status).toBe('active');
  });

  it('holds back later items of a flag while an earlier one is leased elsewhere, not other flags', async () => {
    const a = await flag({ key: 'a', status: 'inactive' });
    const b = await flag({ key: 'b', status: 'inactive' });
    const first = await change(a.id, { changeType: 'enable', scheduledAt: at(-3) });
    const second = await change(a.id, { changeType: 'disable', scheduledAt: at(-2) });
    await change(b.id, { changeType: 'enable', scheduledAt: at(-1) });
    await store.claimScheduledChange(first.id, 'other', 60_000);

    const report = await scheduler().runDue(T0);

    expect(report.skipped.map((s) => [s.id, s.reason])).toEqual([
      [first.id, 'claimed by another scheduler, or already executed'],
      [second.id, `waits for ${first.id} of the same flag`],
    ]);
    expect(report.applied.map((x) => x.flagKey)).toEqual(['b']);
    expect(stored('a').version).toBe(1);
  });

  it('re-applies a change that was applied but never marked without changing the flag again', async () => {
    let clock = 1_000_000;
    store.now = () => clock;
    const f = await flag({ key: 'half-done', rules: [{ rolloutPercentage: 0 }] });
    const c = await change(f.id, { changeType: 'update_rollout', newRolloutPercentage: 30, scheduledAt: at(-1) });
    store.before.set('markScheduledChangeExecuted', () => {
      throw new StorageError('[test] crashed before marking');
    });

    const crashed = await scheduler({ owner: 'crashing', leaseMs: 1_000 }).runDue(T0);
    store.before.delete('markScheduledChangeExecuted');
    clock += 1_001;
    const recovered = await scheduler({ owner: 'survivor' }).runDue(T0);

    expect(crashed.failed).toEqual([expect.objectContaining({ id: c.id, marked: false })]);
    expect(recovered.applied).toEqual([expect.objectContaining({ id: c.id, changed: false, flagVersion: 2 })]);
    expect(stored('half-done')).toMatchObject({
      version: 2,
      rules: [expect.objectContaining({ rolloutPercentage: 30 })],
    });
    expect(store.changes.get(c.id)?.executed).toBe(true);
  });

  it('applies each of 50 changes exactly once with 4 schedulers running concurrently', async () => {
    const flags = await Promise.all(Array.from({ length: 10 }, (_, i) => flag({ key: `f${i}`, rules: [{}] })));
    for (const [i, f] of flags.entries()) {
      for (let step = 1; step <= 5; step++) {
        await change(f.id, {
          changeType: 'update_rollout',
          newRolloutPercentage: step * 10 + i,
          scheduledAt: at(step - 10),
        });
      }
    }
    const schedulers = Array.from({ length: 4 }, (_, i) => scheduler({ owner: `s${i}` }));

    const reports = (await Promise.all(schedulers.map((s) => s.runDue(T0)))).concat(
      await Promise.all(schedulers.map((s) => s.runDue(T0))),
    );

    const applied = reports.flatMap((r) => r.applied);
    expect(applied).toHaveLength(50);
    expect(new Set(applied.map((a) => a.id)).size).toBe(50);
    expect(applied.every((a) => a.changed)).toBe(true);
    for (const [i, f] of flags.entries()) {
      expect(stored(f.key)).toMatchObject({
        version: 6,
        rules: [expect.objectContaining({ rolloutPercentage: 50 + i })],
      });
    }
    expect([...store.changes.values()].every((c) => c.executed && c.outcome === null)).toBe(true);
  });
});
