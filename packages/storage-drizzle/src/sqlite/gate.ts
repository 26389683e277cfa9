/**
 * Runs async sections one at a time, in call order. `busy` lets callers skip the queue (and its
 * promise hop) when nothing is running.
 */
export class ExclusiveGate {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** True while a section runs or waits. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Runs `section` after every section queued before it has settled. */
  async run<T>(section: () => Promise<T>): Promise<T> {
    this.pending++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      return await section();
    } finally {
      this.pending--;
      release();
    }
  }
}
