import { StorageError } from '../errors.js';

/**
 * `work`, failed with a `StorageError` once it has taken `ms`: a hung store must not stall the sync
 * loop. The timer is cleared as soon as the work settles, so nothing outlives the call.
 */
export function withDeadline<T>(work: () => Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StorageError(`[@flags/core] live client: ${what} took longer than ${ms} ms`)),
      ms,
    );
  });
  let running: Promise<T>;
  try {
    running = work();
  } catch (error) {
    running = Promise.reject(error);
  }
  // The losing promise of the race must not surface as an unhandled rejection.
  running.catch(() => {});
  return Promise.race([running, expired]).finally(() => clearTimeout(timer));
}
