/**
 * Runs writes with at most `limit` in flight, so an import keeps a backend's connections busy instead
 * of paying one round trip after another; the first failure is rethrown by {@link WritePool.drain}
 * and stops new writes.
 */
export class WritePool {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  #failure: { error: unknown } | null = null;

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  /** Starts `write` once a slot is free; rejects with an earlier write's failure. */
  async run(write: () => Promise<unknown>): Promise<void> {
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    if (this.#failure) throw this.#failure.error;
    const task: Promise<void> = write().then(
      () => {
        this.#running.delete(task);
      },
      (error: unknown) => {
        this.#running.delete(task);
        this.#failure ??= { error };
      },
    );
    this.#running.add(task);
  }

  /** Waits for every started write; rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
    if (this.#failure) throw this.#failure.error;
  }
}
