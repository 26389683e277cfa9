export { FeatureFlagClient, type FeatureFlagClientOptions, type FlagResults } from './client.js';
