/** Something of the litestar data that could not be carried over exactly. Never dropped silently. */
export interface LitestarNote {
  /** Where the record came from: a Redis key, `table#id`, or `bootstrap flags[3]`. */
  source: string;
  /** `skipped`: not imported; `changed`: imported in a form that differs; `review`: imported as is, but behaves differently here. */
  action: 'skipped' | 'changed' | 'review';
  message: string;
}

/** Collects notes once (an import reads its input twice). */
export class LitestarReport {
  readonly notes: LitestarNote[] = [];
  #open = true;

  add(source: string, action: LitestarNote['action'], message: string): void {
    if (this.#open) this.notes.push({ source, action, message });
  }

  /** Later passes over the same input add nothing. */
  close(): void {
    this.#open = false;
  }
}
