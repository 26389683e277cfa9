/** The error a deadline rejects with (its `code` shows in the StorageError message). */
export class NoAnswerError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no answer within ${ms} ms (connecting included)`);
  }
}

/**
 * `work`, or a rejection with {@link NoAnswerError} once `ms` have passed without it settling.
 * Some failures never settle on their own: postgres.js keeps re-connecting (and the query waiting)
 * when a server accepts connections and drops them before the handshake. A write that runs out of
 * time may still commit on the server later.
 * @param ms `0` or `undefined`: no deadline (SQLite, which has no network).
 */
export function withDeadline<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (!ms) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NoAnswerError(ms)), ms);
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
