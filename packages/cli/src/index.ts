export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
export type { CliIo } from './io.js';
export { run } from './program.js';
export { type ConnectOptions, connect, type StoreKind, storeKind } from './storage/connect.js';
export { UsageError } from './usage-error.js';
