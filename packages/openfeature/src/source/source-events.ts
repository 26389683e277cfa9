import type { SourceEvent } from './flag-source.js';

/** A failure as a message fragment: its message, or what was thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The listeners of a source's events, shared by every source. */
export class SourceEvents {
  readonly #listeners = new Set<(event: SourceEvent) => void>();

  subscribe(listener: (event: SourceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: SourceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
