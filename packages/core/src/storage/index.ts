export * from './backend.js';
export { LeaseLostError } from './lease-lost-error.js';
export type { LeaseFence, WriteOptions } from './write-options.js';
