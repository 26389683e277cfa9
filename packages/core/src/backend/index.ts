export { readFence, requireDate, requireLeaseArguments, requireMarkArguments } from './arguments.js';
export { withDeadline } from './deadline.js';
export {
  answerChanges,
  changesFrom,
  DEFAULT_CHANGES_LIMIT,
  DEFAULT_FEED_MAX_CHANGES,
  feedStart,
  MAX_CHANGES_LIMIT,
  type ResolvedFeedRetention,
  requireChangesArguments,
  resolveFeedRetention,
} from './feed.js';
export {
  canClaim,
  claimFields,
  holdsLease,
  isLeaseHeld,
  type LeaseState,
  leaseLostError,
  requireLease,
} from './lease-rules.js';
export { isStorableEntity, isStorableText, storableEntities } from './lookups.js';
export { maskSecrets, maskUrl } from './mask-secrets.js';
export { closedError, notFoundError, staleVersionError, takenError } from './messages.js';
export { overrideEntityKey, requireOverrideBatch } from './override-batch.js';
export { type BatchUniqueness, requireRecordBatch } from './record-batch.js';
export {
  requireFlagBatch,
  requireRolloutPhaseBatch,
  requireScheduledChangeBatch,
  requireTimeScheduleBatch,
} from './record-batches.js';
export { type StorageErrorOptions, toStorageError } from './storage-error.js';
