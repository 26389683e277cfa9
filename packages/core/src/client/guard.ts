import { StorageError } from '../errors.js';

/**
 * Runs `work`, rejecting with a `StorageError` when it has not settled within `timeoutMs`
 * (`0` or `Infinity`: no limit). The timer is cleared as soon as `work` settles.
 */
export function withTimeout<R>(work: () => Promise<R>, timeoutMs: number): Promise<R> {
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) return work();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StorageError(`[@flags/core] storage did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * The `errorMessage` for a failed storage call. A `StorageError` message is secret-free by contract
 * and kept; any other error may carry a driver's text (connection URLs with passwords), so only its
 * class name is reported.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof StorageError) return error.message;
  const raw = error instanceof Error ? error.name : typeof error;
  // A name is an identifier; anything else might be text from the driver.
  const name = /^[A-Za-z_$][\w$]{0,63}$/.test(raw) ? raw : 'Error';
  return `[@flags/core] the storage backend failed (${name}); the default value was served`;
}
