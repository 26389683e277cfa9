export type { LiveEvaluationDetails, LiveFlagResults } from './details.js';
export { type FlagChangeListener, LiveFlagClient, type LiveStatus } from './live-client.js';
export type { LiveFlagClientOptions } from './options.js';
