export { createCondition, isIsoDateString } from './condition.js';
export { createFlag, FLAG_KEY_PATTERN } from './flag.js';
export { createOverride } from './override.js';
export { isValidTimezone } from './primitives.js';
export { createRolloutPhase } from './rollout-phase.js';
export { createRule, createVariant } from './rule.js';
export { createScheduledChange } from './scheduled-change.js';
export { createSegment } from './segment.js';
export { createTimeSchedule } from './time-schedule.js';
