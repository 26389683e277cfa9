import { FlagScheduler, type SchedulerRunReport, type StorageBackend } from '@flags/core';
import { expect } from 'vitest';
import { type CheckContext, defineGroup } from '../check.js';
import { flagInput } from '../fixtures.js';

// The checks schedule their items in 2001 and run the scheduler with a clock stopped there: the
// store may hold other checks' items that are due today, and those must stay untouched.
const EPOCH = Date.parse('2001-02-03T04:05:06.000Z');
const epoch = (minutes: number) => new Date(EPOCH + minutes * 60_000);
const SCHEDULERS = 4;
const FLAGS = 10;
const CHANGES_PER_FLAG = 5;
/** The dead scheduler's lease: long enough to outlast the first survivor run on a slow store. */
const LEASE_MS = 1_000;
/** The lease of a scheduler meant to lose it. */
const SHORT_LEASE_MS = 200;

function scheduler(ctx: CheckContext, owner: string, options: { now?: Date; storage?: StorageBackend } = {}) {
  const reports: SchedulerRunReport[] = [];
  const now = options.now ?? epoch(0);
  const instance = new FlagScheduler({
    storage: options.storage ?? ctx.backend,
    owner: ctx.unique(owner),
    intervalMs: 10,
    leaseMs: 30_000,
    clock: () => now,
    onRun: (report) => reports.push(report),
  });
  return { instance, reports };
}

/** Successful claims and attempted flag updates made through {@link instrumented}. */
interface CallCounts {
  /** By change id. */
  claimsWon: Map<string, number>;
  /** By flag id. */
  updates: Map<string, number>;
}

/**
 * `backend` with its claims and updates counted, and a macrotask pause before every call, so the
 * schedulers interleave even on an in-process store that never waits for I/O. With claims that
 * really exclude each other one scheduler at a time works on a flag, so no update ever conflicts:
 * every change is claimed once and written once. (The scheduler's idempotency would hide double
 * claims from the flags alone.)
 */
function instrumented(ctx: CheckContext): { storage: StorageBackend; counts: CallCounts } {
  const backend = ctx.backend;
  const counts: CallCounts = { claimsWon: new Map(), updates: new Map() };
  const storage = new Proxy(backend, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await ctx.sleep(0);
        if (property === 'updateFlag') {
          const flagId = (args[0] as { id?: string }).id ?? '';
          counts.updates.set(flagId, (counts.updates.get(flagId) ?? 0) + 1);
        }
        const result: unknown = await value.apply(target, args);
        if (property === 'claimScheduledChange' && result === true) {
          const id = args[0] as string;
          counts.claimsWon.set(id, (counts.claimsWon.get(id) ?? 0) + 1);
        }
        return result;
      };
    },
  });
  return { storage, counts };
}

/** The stored changes among `ids`, executed or not. */
async function changesById(backend: StorageBackend, ids: Set<string>) {
  return (await backend.getScheduledChanges({ pendingOnly: false })).filter((c) => ids.has(c.id));
}

/** Polls until `done` holds, failing with `what` after `timeoutMs`. */
async function eventually(ctx: CheckContext, what: string, done: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) expect.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await ctx.sleep(20);
  }
}

/** The scheduler of @flags/core, run against the backend: claims, leases and versioned updates together. */
export const schedulerGroup = defineGroup({
  name: 'scheduler',
  title: 'scheduler',
  checks: [
    {
      id: 'scheduler.concurrent-schedulers-apply-once',
      title: `${SCHEDULERS} schedulers started together apply each of ${FLAGS * CHANGES_PER_FLAG} due changes exactly once, in order`,
      async run(ctx) {
        const flags = [];
        const ids = new Set<string>();
        for (let f = 0; f < FLAGS; f++) {
          const flag = await ctx.backend.createFlag(flagInput(ctx, { rules: [{ rolloutPercentage: 0 }] }));
          flags.push(flag);
          for (let step = 1; step <= CHANGES_PER_FLAG; step++) {
            const change = await ctx.backend.createScheduledChange({
              flagId: flag.id,
              changeType: 'update_rollout',
              newRolloutPercentage: step * 10 + f,
              scheduledAt: epoch(step - CHANGES_PER_FLAG - 1),
            });
            ids.add(change.id);
          }
        }
        const { storage, counts } = instrumented(ctx);
        const schedulers = Array.from({ length: SCHEDULERS }, (_, i) => scheduler(ctx, `scheduler-${i}`, { storage }));
        for (const s of schedulers) s.instance.start();
        try {
          await eventually(ctx, `all ${ids.size} changes are executed`, async () =>
            (await changesById(ctx.backend, ids)).every((c) => c.executed),
          );
        } finally {
          await Promise.all(schedulers.map((s) => s.instance.stop()));
        }

        const reports = schedulers.flatMap((s) => s.reports);
        expect(reports.map((r) => r.error).filter((e) => e !== null)).toStrictEqual([]);
        const applied = reports.flatMap((r) => r.applied).filter((a) => ids.has(a.id));
        expect(applied.map((a) => a.id).sort()).toStrictEqual([...ids].sort());
        expect(applied.every((a) => a.changed)).toBe(true);
        expect(reports.flatMap((r) => r.failed).filter((f) => ids.has(f.id))).toStrictEqual([]);
        const claimedTwice = [...counts.claimsWon].filter(([id, n]) => ids.has(id) && n !== 1);
        expect(claimedTwice, 'changes claimed successfully more than once').toStrictEqual([]);
        const updates = flags.map((flag) => counts.updates.get(flag.id));
        // One more call than changes means a ConflictError: two schedulers worked on one flag at once.
        expect(updates, 'updateFlag calls per flag').toStrictEqual(flags.map(() => CHANGES_PER_FLAG));
        for (const change of await changesById(ctx.backend, ids)) {
          expect(change).toMatchObject({ executed: true, executedAt: epoch(0), outcome: null });
        }
        for (const [f, flag] of flags.entries()) {
          const stored = await ctx.backend.getFlag(flag.key);
          expect(stored?.version, `version of ${flag.key} after ${CHANGES_PER_FLAG} changes`).toBe(
            1 + CHANGES_PER_FLAG,
          );
          expect(stored?.rules.map((r) => r.rolloutPercentage)).toStrictEqual([CHANGES_PER_FLAG * 10 + f]);
        }
      },
    },
    {
      id: 'scheduler.crashed-claim-recovered',
      title:
        'a change claimed by a dead scheduler is applied by another once the lease runs out, without a second update',
      async run(ctx) {
        const untouched = await ctx.backend.createFlag(flagInput(ctx, { status: 'inactive' }));
        const halfDone = await ctx.backend.createFlag(flagInput(ctx, { status: 'inactive' }));
        const pending = await ctx.backend.createScheduledChange({
          flagId: untouched.id,
          changeType: 'enable',
          scheduledAt: epoch(-1),
        });
        const applied = await ctx.backend.createScheduledChange({
          flagId: halfDone.id,
          changeType: 'enable',
          scheduledAt: epoch(-1),
        });
        const dead = ctx.unique('dead-scheduler');
        expect(await ctx.backend.claimScheduledChange(pending.id, dead, LEASE_MS)).toBe(true);
        expect(await ctx.backend.claimScheduledChange(applied.id, dead, LEASE_MS)).toBe(true);
        // The dead scheduler got as far as writing the second change, but not as far as marking it.
        await ctx.backend.updateFlag({ ...halfDone, status: 'active' });

        const survivor = scheduler(ctx, 'survivor');
        const during = await survivor.instance.runDue();
        expect(during.applied.filter((a) => a.id === pending.id || a.id === applied.id)).toStrictEqual([]);
        expect((await ctx.backend.getFlag(untouched.key))?.status).toBe('inactive');

        await ctx.sleep(LEASE_MS + 300);
        const after = await survivor.instance.runDue();
        const mine = after.applied.filter((a) => a.id === pending.id || a.id === applied.id);
        expect(
          Object.fromEntries(mine.map((a) => [a.id, { changed: a.changed, version: a.flagVersion }])),
        ).toStrictEqual({
          [pending.id]: { changed: true, version: 2 },
          [applied.id]: { changed: false, version: 2 },
        });
        expect(await ctx.backend.getFlag(untouched.key)).toMatchObject({ status: 'active', version: 2 });
        expect(await ctx.backend.getFlag(halfDone.key)).toMatchObject({ status: 'active', version: 2 });
        for (const change of await changesById(ctx.backend, new Set([pending.id, applied.id]))) {
          expect(change).toMatchObject({ executed: true, executedAt: epoch(0), outcome: null });
        }
      },
    },
    {
      id: 'scheduler.phases-advance-in-order',
      title:
        'rollout phases 10 → 50 → 100 advance in order as each falls due; a flag without rules gets a catch-all rule',
      async run(ctx) {
        const ruled = await ctx.backend.createFlag(flagInput(ctx, { rules: [{ rolloutPercentage: 0 }, {}] }));
        const bare = await ctx.backend.createFlag(flagInput(ctx));
        for (const flag of [ruled, bare]) {
          for (const [n, target] of [
            [1, 10],
            [2, 50],
            [3, 100],
          ] as const) {
            await ctx.backend.createRolloutPhase({
              flagId: flag.id,
              phaseNumber: n,
              targetPercentage: target,
              scheduledAt: epoch(n * 60),
            });
          }
        }
        const seen: { minute: number; ruled: unknown; bare: unknown; executed: number[] }[] = [];
        for (const minute of [30, 60, 90, 120, 180]) {
          await scheduler(ctx, 'phaser', { now: epoch(minute) }).instance.runDue();
          const phases = await ctx.backend.getRolloutPhases(ruled.id);
          seen.push({
            minute,
            ruled: (await ctx.backend.getFlag(ruled.key))?.rules.map((r) => r.rolloutPercentage),
            bare: (await ctx.backend.getFlag(bare.key))?.rules.map((r) => [
              r.conditions.length,
              r.serveEnabled,
              r.rolloutPercentage,
            ]),
            executed: phases.filter((p) => p.executed).map((p) => p.phaseNumber),
          });
        }
        expect(seen).toStrictEqual([
          { minute: 30, ruled: [0, null], bare: [], executed: [] },
          { minute: 60, ruled: [10, 10], bare: [[0, true, 10]], executed: [1] },
          { minute: 90, ruled: [10, 10], bare: [[0, true, 10]], executed: [1] },
          { minute: 120, ruled: [50, 50], bare: [[0, true, 50]], executed: [1, 2] },
          { minute: 180, ruled: [100, 100], bare: [[0, true, 100]], executed: [1, 2, 3] },
        ]);
        expect((await ctx.backend.getFlag(ruled.key))?.version).toBe(4);
        expect((await ctx.backend.getRolloutPhases(bare.id)).map((p) => p.executedAt)).toStrictEqual([
          epoch(60),
          epoch(120),
          epoch(180),
        ]);
      },
    },
    {
      id: 'scheduler.stalled-scheduler-fenced',
      title:
        'a scheduler that stalls past its lease cannot write over the changes applied by the scheduler that took over (fenced writes)',
      async run(ctx) {
        const flag = await ctx.backend.createFlag(flagInput(ctx));
        const disable = await ctx.backend.createScheduledChange({
          flagId: flag.id,
          changeType: 'disable',
          scheduledAt: epoch(-2),
        });
        const enable = await ctx.backend.createScheduledChange({
          flagId: flag.id,
          changeType: 'enable',
          scheduledAt: epoch(-1),
        });
        const ours = new Set([disable.id, enable.id]);
        // Scheduler A claims `disable`, then stalls (a GC pause, a slow network) before reading the flag.
        let stalled!: () => void;
        const hasStalled = new Promise<void>((resolve) => {
          stalled = resolve;
        });
        let resume!: () => void;
        const resumed = new Promise<void>((resolve) => {
          resume = resolve;
        });
        let gated = false;
        const stallingStorage = new Proxy(ctx.backend, {
          get(target, property) {
            const value: unknown = Reflect.get(target, property, target);
            if (typeof value !== 'function') return value;
            return async (...args: unknown[]) => {
              if (property === 'getFlag' && !gated) {
                gated = true;
                stalled();
                await resumed;
              }
              return value.apply(target, args);
            };
          },
        });
        const a = new FlagScheduler({
          storage: stallingStorage,
          owner: ctx.unique('stalled'),
          intervalMs: 10,
          leaseMs: SHORT_LEASE_MS,
          clock: () => epoch(0),
        });
        const runA = a.runDue();
        await hasStalled;
        await ctx.sleep(SHORT_LEASE_MS + 150);
        // B finds A's lease run out, applies `disable` and the later `enable`.
        const b = await scheduler(ctx, 'successor').instance.runDue();
        expect(b.applied.filter((x) => ours.has(x.id)).map((x) => x.id)).toStrictEqual([disable.id, enable.id]);
        expect((await ctx.backend.getFlag(flag.key))?.status).toBe('active');
        resume();
        const late = await runA;
        expect(
          late.applied.filter((x) => ours.has(x.id)),
          'A applied nothing',
        ).toStrictEqual([]);
        expect((await ctx.backend.getFlag(flag.key))?.status, 'the later enable stands').toBe('active');
        expect((await ctx.backend.getFlag(flag.key))?.version, 'two updates, both by B').toBe(3);
      },
    },
  ],
});
