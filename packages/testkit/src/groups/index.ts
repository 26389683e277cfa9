import type { CheckIdOf } from '../check.js';
import { afterCloseGroup } from './after-close.js';
import { cascadesGroup } from './cascades.js';
import { concurrencyGroup } from './concurrency.js';
import { copyIsolationGroup } from './copy-isolation.js';
import { entityOverridesGroup } from './entity-overrides.js';
import { evaluationGroup } from './evaluation.js';
import { feedInstancesGroup } from './feed-instances.js';
import { feedOrderGroup } from './feed-order.js';
import { feedRecordsGroup } from './feed-records.js';
import { feedRejectedGroup } from './feed-rejected.js';
import { feedRetentionGroup } from './feed-retention.js';
import { flagBatchesGroup } from './flag-batches.js';
import { flagModelGroup } from './flag-model.js';
import { flagsGroup } from './flags.js';
import { hostileInputGroup } from './hostile-input.js';
import { liveGroup } from './live.js';
import { overrideBatchesGroup } from './override-batches.js';
import { overrideExpiryGroup } from './override-expiry.js';
import { overridesGroup } from './overrides.js';
import { persistenceGroup } from './persistence.js';
import { recordBatchesGroup } from './record-batches.js';
import { revisionHealthGroup } from './revision-health.js';
import { rolloutPhasesGroup } from './rollout-phases.js';
import { roundTripGroup } from './round-trip.js';
import { scheduledChangesGroup } from './scheduled-changes.js';
import { schedulerGroup } from './scheduler.js';
import { segmentsGroup } from './segments.js';
import { semanticsGroup } from './semantics.js';
import { timeSchedulesGroup } from './time-schedules.js';
import { validationGroup } from './validation.js';

/**
 * Every group `runStorageConformance` registers, in this order. To add a group: write it with
 * `defineGroup` in its own file, import it above and add it here — its check ids join
 * {@link ConformanceTestId} (and so become skippable) by themselves.
 */
export const CONFORMANCE_GROUPS = [
  flagsGroup,
  flagBatchesGroup,
  overridesGroup,
  overrideExpiryGroup,
  overrideBatchesGroup,
  scheduledChangesGroup,
  timeSchedulesGroup,
  rolloutPhasesGroup,
  recordBatchesGroup,
  segmentsGroup,
  cascadesGroup,
  validationGroup,
  hostileInputGroup,
  semanticsGroup,
  copyIsolationGroup,
  roundTripGroup,
  concurrencyGroup,
  schedulerGroup,
  revisionHealthGroup,
  afterCloseGroup,
  persistenceGroup,
  evaluationGroup,
  flagModelGroup,
  entityOverridesGroup,
  feedRecordsGroup,
  feedRejectedGroup,
  feedOrderGroup,
  feedRetentionGroup,
  feedInstancesGroup,
  liveGroup,
] as const;

/** The id of any registered check: what `skip` accepts. */
export type ConformanceTestId = CheckIdOf<(typeof CONFORMANCE_GROUPS)[number]>;

/** Every registered check id, in registration order. */
export const CONFORMANCE_TEST_IDS: readonly ConformanceTestId[] = CONFORMANCE_GROUPS.flatMap((group) =>
  group.checks.map((check) => check.id),
);
