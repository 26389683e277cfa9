export * from './backend.js';
export type {
  ChangeBatch,
  ChangeKind,
  ChangeListener,
  FeedRetention,
  GetChangesOptions,
  StorageChange,
} from './change-feed.js';
export { LeaseLostError } from './lease-lost-error.js';
export type { LeaseFence, WriteOptions } from './write-options.js';
