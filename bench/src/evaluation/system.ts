/** What the evaluation suite needs from each system under test. */
export interface PeerSystem<Context> {
  /** Row label. */
  name: string;
  /**
   * Whether the system buckets rollouts exactly as @flags (MurmurHash3 of `<flagKey>:<userId>`).
   * If not, the agreement check compares it exactly only where the rules decide without the rollout,
   * and checks the share it rolls out to among the rest.
   */
  sameBuckets: boolean;
  /** How this system's flag differs from the reference, shown beside its row. */
  note?: string;
  /** The rotating people, already in this system's native context shape (built outside the timing). */
  contexts: Context[];
  /** Evaluates the reference flag for one context. */
  evaluate(ctx: Context): boolean | Promise<boolean>;
  /** Releases timers and listeners so the process can exit. */
  close(): void | Promise<void>;
}
