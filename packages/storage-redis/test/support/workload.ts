import { type StorageBackend, StorageError } from '@flags/core';

/**
 * A loop of writes and reads through one backend, as an app would make them while Redis fails over
 * or moves: each round creates a new flag and reads back one created earlier. It records which
 * writes were acknowledged (resolved), when, and how every failure looked.
 */
export class Workload {
  readonly name: string;
  readonly backend: StorageBackend;
  /** Keys of flags whose createFlag resolved, with the time it resolved. */
  readonly acknowledged = new Map<string, number>();
  /** Failures that were not StorageError (there must be none). */
  readonly unexpected: unknown[] = [];
  storageErrors = 0;
  reads = 0;
  /** Reads of a flag acknowledged earlier that came back null (a lost write seen live). */
  readonly missingReads: string[] = [];
  #stopped = false;
  #loop: Promise<void> | undefined;
  #n = 0;

  constructor(name: string, backend: StorageBackend) {
    this.name = name;
    this.backend = backend;
  }

  start(): this {
    this.#loop = this.#run();
    return this;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }

  /** Resolves once `count` more writes have been acknowledged (the backend works), or rejects after `ms`. */
  async progressed(count: number, ms: number): Promise<void> {
    const target = this.acknowledged.size + count;
    const deadline = Date.now() + ms;
    while (this.acknowledged.size < target) {
      if (Date.now() > deadline) {
        throw new Error(`${this.name}: ${this.acknowledged.size} of ${target} writes acknowledged within ${ms} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const key = `${this.name}-${++this.#n}`;
      try {
        await this.backend.createFlag({ key, tags: [this.name] });
        this.acknowledged.set(key, Date.now());
        const earlier = [...this.acknowledged.keys()];
        const probe = earlier[Math.floor(Math.random() * earlier.length)]!;
        const read = await this.backend.getFlag(probe);
        this.reads += 1;
        if (read === null) this.missingReads.push(probe);
      } catch (error) {
        if (error instanceof StorageError) this.storageErrors += 1;
        else this.unexpected.push(error);
        // A failing Redis answers at once: don't spin.
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }
}
