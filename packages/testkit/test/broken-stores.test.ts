import type { FeedRetention, StorageBackend } from '@flags/core';
import { describe, expect, it } from 'vitest';
import {
  type BackendHooks,
  CONFORMANCE_GROUPS,
  type ConformanceCheck,
  type ConformanceTestId,
  ReferenceStorageBackend,
  runCheck,
} from '../src/index.js';
import {
  ClampingStore,
  EncodingCollisionStore,
  ExpiredDeleteTrueStore,
  ForeignIdUpsertStore,
  IllFormedTextStoredStore,
  NulLookupFailsStore,
  PrefixLookupStore,
  SortedJsonKeysStore,
  UpdateByKeyStore,
  UsableAfterCloseStore,
} from './broken-contract-stores.js';
import {
  FeedCountsFromZeroStore,
  FeedDeafSubscribeStore,
  FeedDropsDeletesStore,
  FeedNeverResetsStore,
  FeedOutboxGapStore,
  FeedPerInstanceStore,
  FeedRacyStore,
  FeedRecordsRejectedStore,
  FeedReordersStore,
} from './broken-feed-stores.js';
import {
  CounterRevisionStore,
  DropsPrerequisitesStore,
  DuplicateKeyStore,
  ExpiredOverridesStore,
  FrozenRevisionStore,
  LaxLeaseArgumentsStore,
  LiveReferencesStore,
  NoCascadeStore,
  NoOrphaningStore,
  NoSchedulesOnReadStore,
  OneByOneBatchStore,
  OneByOneFlagBatchStore,
  OneByOneRecordBatchStore,
  RacyStore,
  ReorderedBatchStore,
  ReorderedFlagBatchStore,
  SharedClaimStore,
  StaleVersionStore,
  UnfencedStore,
  UnsortedStore,
  WritesBeforeValidatingStore,
} from './broken-stores.js';

const checks = new Map<string, ConformanceCheck>(
  CONFORMANCE_GROUPS.flatMap((group) => group.checks.map((check) => [check.id, check] as const)),
);

/** Hooks over a store class; `reopen` keeps the document, as a real reopen keeps the data. */
function hooksFor(
  Store: new (
    document?: ReferenceStorageBackend['document'],
    options?: { feedRetention?: FeedRetention },
  ) => StorageBackend,
): BackendHooks {
  return {
    create: () => new Store(),
    reopen: (backend) => new Store((backend as ReferenceStorageBackend).document),
    reopenWithFeedRetention: (backend, feedRetention) =>
      new Store((backend as ReferenceStorageBackend).document, { feedRetention }),
    reopenAfterDataLoss: () => new Store(),
  };
}

/** Each defect, and the checks that must catch it. */
const cases: { defect: string; hooks: BackendHooks; caughtBy: ConformanceTestId[] }[] = [
  {
    defect: 'returns live references',
    hooks: hooksFor(LiveReferencesStore),
    caughtBy: [
      'copy-isolation.flag-reads',
      'copy-isolation.flag-writes',
      'copy-isolation.overrides',
      'copy-isolation.segments',
      'copy-isolation.scheduled-changes',
      'copy-isolation.time-schedules',
      'copy-isolation.rollout-phases',
    ],
  },
  {
    defect: 'does not cascade on deleteFlag',
    hooks: hooksFor(NoCascadeStore),
    caughtBy: ['cascades.delete-flag-removes-children', 'cascades.recreated-flag-has-no-orphans'],
  },
  {
    defect: 'does not orphan the children of a deleted segment',
    hooks: hooksFor(NoOrphaningStore),
    caughtBy: ['cascades.delete-segment-orphans-children', 'persistence.deletes-survive-reopen'],
  },
  {
    defect: 'accepts stale versions',
    hooks: hooksFor(StaleVersionStore),
    caughtBy: [
      'flags.update-stale-version-conflicts',
      'segments.update-stale-version-conflicts',
      'persistence.versions-survive-reopen',
    ],
  },
  {
    defect: 'accepts duplicate flag keys',
    hooks: hooksFor(DuplicateKeyStore),
    caughtBy: ['flags.create-duplicate-key-conflicts', 'concurrency.create-flag-one-winner'],
  },
  {
    defect: 'lets every owner claim',
    hooks: hooksFor(SharedClaimStore),
    caughtBy: [
      'scheduled-changes.claim-leases-to-one-owner',
      'rollout-phases.claim-leases-to-one-owner',
      'concurrency.claim-scheduled-change-one-winner',
      'concurrency.claim-rollout-phase-one-winner',
      'persistence.claims-survive-reopen',
    ],
  },
  {
    defect: 'ignores lease fences',
    hooks: hooksFor(UnfencedStore),
    caughtBy: [
      'scheduled-changes.fenced-writes-need-the-lease',
      'rollout-phases.fenced-writes-need-the-lease',
      'scheduler.stalled-scheduler-fenced',
    ],
  },
  {
    defect: 'takes any lease arguments and dates',
    hooks: hooksFor(LaxLeaseArgumentsStore),
    caughtBy: [
      'scheduled-changes.claim-rejects-invalid-arguments',
      'rollout-phases.claim-rejects-invalid-arguments',
      'scheduled-changes.mark-rejects-invalid-dates',
      'rollout-phases.mark-rejects-invalid-dates',
    ],
  },
  {
    defect: 'returns expired overrides',
    hooks: hooksFor(ExpiredOverridesStore),
    caughtBy: ['override-expiry.past-never-returned', 'override-expiry.lapses-while-stored'],
  },
  {
    defect: 'read-modify-writes across an await (lost updates)',
    hooks: hooksFor(RacyStore),
    caughtBy: [
      'concurrency.create-flag-one-winner',
      'concurrency.update-flag-one-winner',
      'concurrency.create-segment-one-winner',
      'concurrency.update-segment-one-winner',
      'concurrency.create-phase-number-one-winner',
      'concurrency.claim-scheduled-change-one-winner',
      'concurrency.claim-rollout-phase-one-winner',
      'concurrency.mark-executed-one-winner',
      'concurrency.upsert-override-one-record',
      'concurrency.distinct-writes-all-land',
    ],
  },
  {
    defect: 'never changes its revision',
    hooks: hooksFor(FrozenRevisionStore),
    caughtBy: [
      'revision-health.flag-writes-change-revision',
      'revision-health.override-writes-change-revision',
      'revision-health.scheduled-change-writes-change-revision',
      'revision-health.time-schedule-writes-change-revision',
      'revision-health.rollout-phase-writes-change-revision',
      'revision-health.segment-writes-change-revision',
      'persistence.revision-not-reused-after-reopen',
    ],
  },
  {
    defect: 'restarts its revision counter on reopen',
    hooks: hooksFor(CounterRevisionStore),
    caughtBy: ['persistence.revision-not-reused-after-reopen'],
  },
  {
    defect: 'leaves timeSchedules empty on flag reads',
    hooks: hooksFor(NoSchedulesOnReadStore),
    caughtBy: [
      'time-schedules.filled-on-flag-reads',
      'time-schedules.delete-returns-boolean',
      'flags.update-ignores-time-schedules',
      'persistence.records-survive-reopen',
    ],
  },
  {
    defect: 'drops prerequisites on flag reads',
    hooks: hooksFor(DropsPrerequisitesStore),
    caughtBy: ['flag-model.round-trip', 'flag-model.prerequisites-evaluated'],
  },
  {
    defect: 'returns lists unsorted',
    hooks: hooksFor(UnsortedStore),
    caughtBy: [
      'flags.get-all-sorted-by-key',
      'flags.get-all-active-only-active',
      'overrides.list-sorted',
      'scheduled-changes.get-sorted-and-filtered',
      'time-schedules.get-sorted-and-filtered',
      'rollout-phases.get-sorted-by-phase-number',
      'rollout-phases.pending-sorted-across-flags',
      'segments.get-all-sorted-by-name',
      'segments.children-direct-sorted',
    ],
  },
  {
    defect: 'writes the input before validating it',
    hooks: hooksFor(WritesBeforeValidatingStore),
    caughtBy: [
      'validation.create-flag-writes-nothing',
      'validation.update-flag-writes-nothing',
      'validation.upsert-override-writes-nothing',
      'validation.segment-writes-nothing',
      'validation.scheduled-change-writes-nothing',
      'validation.time-schedule-writes-nothing',
      'validation.create-rollout-phase-writes-nothing',
    ],
  },
  {
    defect: 'creates a batch of flags one by one',
    hooks: hooksFor(OneByOneFlagBatchStore),
    caughtBy: ['flag-batches.all-or-nothing'],
  },
  {
    defect: 'answers a batch of flags out of input order',
    hooks: hooksFor(ReorderedFlagBatchStore),
    caughtBy: ['flag-batches.creates'],
  },
  {
    defect: 'creates batches of scheduled changes, time schedules and phases one by one',
    hooks: hooksFor(OneByOneRecordBatchStore),
    caughtBy: [
      'record-batches.scheduled-changes-all-or-nothing',
      'record-batches.time-schedules-all-or-nothing',
      'record-batches.rollout-phases-all-or-nothing',
    ],
  },
  {
    defect: 'writes a batch of overrides one by one',
    hooks: hooksFor(OneByOneBatchStore),
    caughtBy: ['override-batches.all-or-nothing'],
  },
  {
    defect: 'answers a batch of overrides out of input order',
    hooks: hooksFor(ReorderedBatchStore),
    caughtBy: ['override-batches.creates-and-replaces'],
  },
  {
    defect: 'keeps working after close()',
    hooks: hooksFor(UsableAfterCloseStore),
    caughtBy: ['after-close.calls-reject'],
  },
  {
    defect: 'encodes lookups as UTF-8, so a lone surrogate finds the record stored under U+FFFD',
    hooks: hooksFor(EncodingCollisionStore),
    caughtBy: ['hostile-input.unstorable-lookups-find-nothing'],
  },
  {
    defect: 'cuts lookups to a 255-character column',
    hooks: hooksFor(PrefixLookupStore),
    caughtBy: ['hostile-input.unstorable-lookups-find-nothing'],
  },
  {
    defect: 'fails override lookups of text holding NUL',
    hooks: hooksFor(NulLookupFailsStore),
    caughtBy: ['hostile-input.unstorable-lookups-find-nothing'],
  },
  {
    defect: 'stores what an encoder makes of ill-formed text instead of refusing it',
    hooks: hooksFor(IllFormedTextStoredStore),
    caughtBy: ['hostile-input.ill-formed-text-refused'],
  },
  {
    defect: 'clamps integers past signed 32 bits',
    hooks: hooksFor(ClampingStore),
    caughtBy: ['hostile-input.limits-refused'],
  },
  {
    defect: "lets an upsert carrying another entity's id take over that entity's override",
    hooks: hooksFor(ForeignIdUpsertStore),
    caughtBy: ['semantics.upsert-foreign-id-never-touches-other-entity'],
  },
  {
    defect: 'reports deleting an expired override as true',
    hooks: hooksFor(ExpiredDeleteTrueStore),
    caughtBy: ['semantics.expired-override-counts-as-absent'],
  },
  {
    defect: 'updates a flag found by key when the update has no id',
    hooks: hooksFor(UpdateByKeyStore),
    caughtBy: ['semantics.update-flag-needs-id'],
  },
  {
    defect: 'sorts JSON object keys on reads',
    hooks: hooksFor(SortedJsonKeysStore),
    caughtBy: ['semantics.json-key-order-kept'],
  },
  {
    defect: 'reopen loses the data',
    hooks: { create: () => new ReferenceStorageBackend(), reopen: () => new ReferenceStorageBackend() },
    caughtBy: [
      'persistence.records-survive-reopen',
      'persistence.deletes-survive-reopen',
      'persistence.versions-survive-reopen',
      'persistence.claims-survive-reopen',
      'persistence.revision-not-reused-after-reopen',
    ],
  },
  {
    defect: 'leaves deletes out of its change feed',
    hooks: hooksFor(FeedDropsDeletesStore),
    caughtBy: [
      'feed-records.flag-writes',
      'feed-records.override-writes',
      'feed-records.scheduled-change-writes',
      'feed-records.time-schedule-writes',
      'feed-records.rollout-phase-writes',
      'feed-records.segment-writes',
      'feed-records.delete-flag-cascade',
      'feed-records.delete-segment-orphans',
    ],
  },
  {
    defect: 'records refused writes in its change feed',
    hooks: hooksFor(FeedRecordsRejectedStore),
    caughtBy: [
      'feed-records.flag-writes',
      'feed-rejected.validation',
      'feed-rejected.conflict-and-not-found',
      'feed-rejected.lease-lost',
    ],
  },
  {
    defect: 'hands changes out of revision order',
    hooks: hooksFor(FeedReordersStore),
    caughtBy: ['feed-order.revision-order', 'feed-order.limit-pages', 'feed-instances.reopen-sees-changes'],
  },
  {
    defect: 'never answers reset',
    hooks: hooksFor(FeedNeverResetsStore),
    caughtBy: ['feed-retention.reset-after-max-changes', 'feed-retention.reset-after-max-age'],
  },
  {
    defect: 'counts its feed from 0 again after losing its data',
    hooks: hooksFor(FeedCountsFromZeroStore),
    caughtBy: ['feed-retention.reset-after-data-loss'],
  },
  {
    defect: "keeps its feed per instance (another instance's writes are lost)",
    hooks: hooksFor(FeedPerInstanceStore),
    caughtBy: ['feed-instances.reopen-sees-changes'],
  },
  {
    defect: 'rewrites its feed across an await (concurrent writes lose their changes)',
    hooks: hooksFor(FeedRacyStore),
    caughtBy: ['feed-order.concurrent-writers'],
  },
  {
    defect: 'numbers changes before commit (a write committed late lands below a revision already read)',
    hooks: {
      ...hooksFor(FeedOutboxGapStore),
      reopenPausingWrites: (backend, pause) =>
        new FeedOutboxGapStore((backend as ReferenceStorageBackend).document, {}, pause),
    },
    caughtBy: ['feed-order.commit-order'],
  },
  {
    defect: 'offers subscribe but never calls the listener',
    hooks: hooksFor(FeedDeafSubscribeStore),
    caughtBy: ['feed-instances.subscribe-hears-other-instances'],
  },
];

/** Runs a check and returns how it failed (or undefined when it passed). */
async function failureOf(id: ConformanceTestId, hooks: BackendHooks): Promise<Error | undefined> {
  const check = checks.get(id);
  if (!check) throw new Error(`no check ${id}`);
  try {
    await runCheck(check, hooks);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('the checks catch deliberately broken stores', () => {
  for (const { defect, hooks, caughtBy } of cases) {
    describe(`a store that ${defect}`, () => {
      it.each(caughtBy)('fails %s with an assertion', async (id) => {
        const failure = await failureOf(id, hooks);
        expect(failure, `${id} passed on a store that ${defect}`).toBeDefined();
        // An assertion, not a crash: the check noticed the defect.
        expect(failure?.name, failure?.stack).toBe('AssertionError');
      });
    });
  }
});
