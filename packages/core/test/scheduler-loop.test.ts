import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError, ValidationError } from '../src/errors.js';
import { FlagScheduler, type FlagSchedulerOptions, type SchedulerRunReport } from '../src/scheduler/index.js';
import { SchedulerStore } from './support/scheduler-store.js';

const started: FlagScheduler[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

function setup(options: Partial<FlagSchedulerOptions> = {}) {
  const store = new SchedulerStore();
  const reports: SchedulerRunReport[] = [];
  const scheduler = new FlagScheduler({ storage: store.backend, onRun: (r) => reports.push(r), ...options });
  started.push(scheduler);
  return { store, reports, scheduler };
}

function deferred() {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe('start() / stop()', () => {
  it('runs at once, then every intervalMs, applying items that fall due', async () => {
    const { store, reports, scheduler } = setup({ intervalMs: 5 });
    const f = await store.createFlag({ key: 'looped', status: 'inactive' });
    await store.createScheduledChange({ flagId: f.id, changeType: 'enable', scheduledAt: new Date(Date.now() - 1) });

    scheduler.start();
    expect(scheduler.running).toBe(true);
    await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(3));
    await scheduler.stop();

    expect(scheduler.running).toBe(false);
    expect(reports.flatMap((r) => r.applied).map((a) => a.flagKey)).toEqual(['looped']);
    expect(store.flags.get('looped')?.status).toBe('active');
  });

  it('ignores a second start(): one loop, one run at a time', async () => {
    const { store, reports, scheduler } = setup({ intervalMs: 60_000 });
    scheduler.start();
    scheduler.start();
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    await scheduler.stop();

    expect(reports).toHaveLength(1);
    expect(store.calls.get('getScheduledChanges')).toBe(1);
  });

  it('stop() resolves only after the run in progress has finished', async () => {
    const { store, reports, scheduler } = setup({ intervalMs: 60_000 });
    const gate = deferred();
    const entered = deferred();
    store.before.set('getScheduledChanges', async () => {
      entered.release();
      await gate.promise;
    });
    scheduler.start();
    await entered.promise;

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false);
    gate.release();
    await stopping;

    expect(reports).toHaveLength(1);
    expect(store.calls.get('getScheduledChanges')).toBe(1);
  });

  it('keeps looping after storage errors, reporting each of them', async () => {
    const { store, reports, scheduler } = setup({ intervalMs: 5 });
    let failures = 2;
    store.before.set('getScheduledChanges', () => {
      if (failures-- > 0) throw new StorageError('[test] down');
    });

    scheduler.start();
    await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(3));
    await scheduler.stop();

    expect(reports.slice(0, 3).map((r) => r.error)).toEqual([
      '[@flags/core] scheduler run failed: [test] down',
      '[@flags/core] scheduler run failed: [test] down',
      null,
    ]);
  });

  it('survives an onRun callback that throws', async () => {
    const store = new SchedulerStore();
    let calls = 0;
    const scheduler = new FlagScheduler({
      storage: store.backend,
      intervalMs: 5,
      onRun: () => {
        calls++;
        throw new Error('logger broke');
      },
    });
    started.push(scheduler);
    await expect(scheduler.runDue()).resolves.toMatchObject({ error: null });
    scheduler.start();
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3));
  });
});

describe('runDue()', () => {
  it('never overlaps two runs of one scheduler', async () => {
    const store = new SchedulerStore();
    let active = 0;
    let maxActive = 0;
    store.before.set('getScheduledChanges', async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const scheduler = new FlagScheduler({
      storage: store.backend,
      onRun: () => {
        active--;
      },
    });

    const reports = await Promise.all([scheduler.runDue(), scheduler.runDue(), scheduler.runDue()]);

    expect(reports).toHaveLength(3);
    expect(store.calls.get('getScheduledChanges')).toBe(3);
    expect(maxActive).toBe(1);
  });

  it('uses the clock when no instant is given', async () => {
    const { store, scheduler } = setup({ clock: () => new Date('2040-01-01T00:00:00Z') });
    const f = await store.createFlag({ key: 'future', status: 'inactive' });
    await store.createScheduledChange({
      flagId: f.id,
      changeType: 'enable',
      scheduledAt: new Date('2039-12-31T23:59:59Z'),
    });

    const report = await scheduler.runDue();

    expect(report.now).toEqual(new Date('2040-01-01T00:00:00Z'));
    expect(report.applied).toHaveLength(1);
    expect(store.changes.values().next().value?.executedAt).toEqual(new Date('2040-01-01T00:00:00Z'));
  });
});

describe('options', () => {
  it.each([
    [{ intervalMs: 0 }, 'intervalMs'],
    [{ leaseMs: -1 }, 'leaseMs'],
    [{ leaseMs: Number.NaN }, 'leaseMs'],
    [{ maxAttempts: 0 }, 'maxAttempts'],
  ])('rejects %o', (bad, field) => {
    const storage = new SchedulerStore().backend;
    const attempt = () => new FlagScheduler({ storage, ...bad });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(field);
  });

  it('names itself uniquely unless told', () => {
    const storage = new SchedulerStore().backend;
    const a = new FlagScheduler({ storage });
    const b = new FlagScheduler({ storage });
    expect(a.owner).not.toBe(b.owner);
    expect(new FlagScheduler({ storage, owner: 'worker-1' }).owner).toBe('worker-1');
  });
});
