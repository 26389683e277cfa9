import { ConflictError } from '../errors.js';

/**
 * A write fenced by a lease (`WriteOptions.fence`) was refused because the lease is no longer held by
 * its owner: it ran out, another owner took it, or the record was executed or deleted meanwhile.
 * Nothing was written. A scheduler that gets it gives the item up: another process owns it now.
 */
export class LeaseLostError extends ConflictError {
  override name = 'LeaseLostError';
}
