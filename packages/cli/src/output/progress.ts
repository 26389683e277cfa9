import type { ImportProgress } from '@flags/core';
import cliProgress from 'cli-progress';
import type { Runtime } from '../runtime.js';

/** Below this many records a bar would only flicker. */
const MIN_RECORDS = 200;

/** Draws an import's or copy's progress on stderr (only on a terminal), one bar per pass. */
export class ProgressReporter {
  #bar: cliProgress.SingleBar | null = null;
  #phase: ImportProgress['phase'] | null = null;

  constructor(private readonly runtime: Runtime) {}

  readonly onProgress = (progress: ImportProgress): void => {
    if (!this.runtime.progress) return;
    if (progress.phase !== this.#phase) {
      this.#bar?.stop();
      this.#bar = null;
      this.#phase = progress.phase;
    }
    const total = progress.total ?? 0;
    if (this.#bar === null) {
      if (progress.total !== null && progress.total < MIN_RECORDS) return;
      this.#bar = new cliProgress.SingleBar(
        {
          stream: this.runtime.io.stderr as NodeJS.WriteStream,
          format: `${progress.phase === 'validate' ? 'checking' : 'writing '} {bar} {value}/{total} records | {rate}/s`,
          etaBuffer: 50,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(total, progress.done, { rate: 0 });
      this.#startedAt = Date.now();
    }
    if (total) this.#bar.setTotal(total);
    const seconds = Math.max(0.001, (Date.now() - this.#startedAt) / 1000);
    this.#bar.update(progress.done, { rate: Math.round(progress.done / seconds) });
  };

  #startedAt = Date.now();

  /** A progress callback for a counter with no total (an export). */
  readonly onCount = (done: number): void => this.onProgress({ phase: 'write', done, total: null });

  stop(): void {
    this.#bar?.stop();
    this.#bar = null;
  }
}
