export { FlagScheduler } from './flag-scheduler.js';
export type {
  AppliedItem,
  FailedItem,
  FlagSchedulerOptions,
  ScheduledItemKind,
  ScheduledItemRef,
  SchedulerRunReport,
  SkippedItem,
} from './types.js';
