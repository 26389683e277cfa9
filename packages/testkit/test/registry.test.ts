import type { FeedRetention, StorageBackend } from '@flags/core';
import { describe, expect, it } from 'vitest';
import {
  CONFORMANCE_GROUPS,
  CONFORMANCE_TEST_IDS,
  type ConformanceTestId,
  defineGroup,
  planConformance,
  type ReferenceDocument,
  ReferenceStorageBackend,
  runCheck,
} from '../src/index.js';

// Every StorageBackend method; the type below fails to compile when the interface gains one not listed.
const METHODS = [
  'getFlag',
  'getFlags',
  'getAllActiveFlags',
  'getAllFlags',
  'createFlag',
  'createFlags',
  'updateFlag',
  'deleteFlag',
  'getOverride',
  'getOverrides',
  'getOverridesForFlags',
  'listOverrides',
  'upsertOverride',
  'upsertOverrides',
  'deleteOverride',
  'getScheduledChanges',
  'createScheduledChange',
  'createScheduledChanges',
  'updateScheduledChange',
  'deleteScheduledChange',
  'claimScheduledChange',
  'markScheduledChangeExecuted',
  'getTimeSchedules',
  'createTimeSchedule',
  'createTimeSchedules',
  'updateTimeSchedule',
  'deleteTimeSchedule',
  'getRolloutPhases',
  'getPendingRolloutPhases',
  'createRolloutPhase',
  'createRolloutPhases',
  'claimRolloutPhase',
  'markRolloutPhaseExecuted',
  'deleteRolloutPhase',
  'getSegment',
  'getSegmentByName',
  'getAllSegments',
  'getChildSegments',
  'createSegment',
  'updateSegment',
  'deleteSegment',
  'getOverridesForEntities',
  'getChanges',
  'subscribe',
  'getRevision',
  'healthCheck',
  'close',
] as const satisfies readonly (keyof StorageBackend)[];
type Unlisted = Exclude<keyof StorageBackend, (typeof METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** A reference store that records which methods were called on it. */
function recordingStore(
  calls: Set<string>,
  document?: ReferenceDocument,
  feedRetention?: FeedRetention,
): StorageBackend {
  return new Proxy(new ReferenceStorageBackend(document, { feedRetention }), {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      calls.add(String(property));
      return value.bind(target);
    },
  });
}

describe('the registry', () => {
  it('has unique, well-formed ids, each under its group name', () => {
    const all = CONFORMANCE_GROUPS.flatMap((group) =>
      group.checks.map((check) => ({ group: group.name, id: check.id })),
    );
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(CONFORMANCE_TEST_IDS).toStrictEqual(all.map((c) => c.id));
    for (const { group, id } of all) {
      expect(id).toMatch(/^[a-z][a-z-]*\.[a-z0-9][a-z0-9-]*$/);
      expect(id.startsWith(`${group}.`)).toBe(true);
    }
    expect(new Set(CONFORMANCE_GROUPS.map((g) => g.name)).size).toBe(CONFORMANCE_GROUPS.length);
  });

  it('exercises every StorageBackend method', async () => {
    expect(everyMethodListed).toBe(true);
    const calls = new Set<string>();
    for (const group of CONFORMANCE_GROUPS) {
      for (const check of group.checks) {
        const hooks = {
          create: () => recordingStore(calls),
          reopen: (backend: StorageBackend) => recordingStore(calls, (backend as ReferenceStorageBackend).document),
          reopenWithFeedRetention: (backend: StorageBackend, feedRetention: FeedRetention) =>
            recordingStore(calls, (backend as ReferenceStorageBackend).document, feedRetention),
          reopenAfterDataLoss: () => recordingStore(calls),
        };
        await runCheck(check, hooks);
      }
    }
    expect(METHODS.filter((method) => !calls.has(method))).toStrictEqual([]);
  });

  it('defineGroup rejects ids outside the group and duplicates', () => {
    const run = async () => {};
    expect(() => defineGroup({ name: 'demo', title: 'demo', checks: [{ id: 'other.x', title: 'x', run }] })).toThrow(
      /must start with "demo\."/,
    );
    expect(() =>
      defineGroup({
        name: 'demo',
        title: 'demo',
        checks: [
          { id: 'demo.x', title: 'x', run },
          { id: 'demo.x', title: 'again', run },
        ],
      }),
    ).toThrow(/duplicate check id "demo.x"/);
  });
});

describe('planConformance (what runStorageConformance registers)', () => {
  const skipped = (plan: ReturnType<typeof planConformance>) =>
    plan.flatMap((g) => g.checks).filter((c) => c.skipReason !== undefined);

  it('registers every check, titled by id, with no skips by default', () => {
    const plan = planConformance();
    const checks = plan.flatMap((g) => g.checks);
    expect(checks.map((c) => c.check.id)).toStrictEqual([...CONFORMANCE_TEST_IDS]);
    expect(skipped(plan)).toStrictEqual([]);
    expect(checks[0]?.testTitle).toBe(`${checks[0]?.check.id}: ${checks[0]?.check.title}`);
  });

  it('skips exactly the ids given, as a map or a list, with the reason in the title', () => {
    const id: ConformanceTestId = 'persistence.records-survive-reopen';
    for (const skip of [{ [id]: 'in-memory store' }, [{ id, reason: 'in-memory store' }]]) {
      const [only, ...rest] = skipped(planConformance(skip));
      expect(rest).toStrictEqual([]);
      expect(only?.check.id).toBe(id);
      expect(only?.skipReason).toBe('in-memory store');
      expect(only?.testTitle).toContain('skipped: in-memory store');
    }
  });

  it('refuses unknown ids, missing reasons and repeated ids', () => {
    expect(() => planConformance({ ['flags.nope' as ConformanceTestId]: 'x' })).toThrow(/unknown test id "flags.nope"/);
    expect(() => planConformance({ 'flags.create-keeps-given-id': '  ' })).toThrow(/needs a reason/);
    expect(() =>
      planConformance([
        { id: 'flags.create-keeps-given-id', reason: 'a' },
        { id: 'flags.create-keeps-given-id', reason: 'b' },
      ]),
    ).toThrow(/twice/);
  });
});
