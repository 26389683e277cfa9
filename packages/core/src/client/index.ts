export { FeatureFlagClient, type FeatureFlagClientOptions, type FlagResults } from './client.js';
export { type FlatEvaluationContext, fromFlatContext } from './flat-context.js';
