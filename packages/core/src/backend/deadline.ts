/**
 * `work`, or a rejection with `onTimeout()` once `timeoutMs` have passed without it settling. The timer
 * is cleared as soon as `work` settles. Some failures never settle on their own (a driver that keeps
 * reconnecting while a query waits); this bounds them. A write that runs out of time may still complete
 * on the server later.
 * @param timeoutMs `0`, a negative number, `Infinity` or `undefined`: no deadline.
 * @param onTimeout the error to reject with, e.g. a `StorageError` naming the operation and the limit.
 */
export function withDeadline<T>(work: Promise<T>, timeoutMs: number | undefined, onTimeout: () => Error): Promise<T> {
  if (timeoutMs === undefined || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
