/**
 * A lease a write is made under: the write succeeds only while `owner` still holds the lease on the
 * scheduled change or rollout phase `id` (claimed, not run out, not executed), checked atomically with
 * the write. A scheduler that stalled past its lease can so never overwrite the work of the process that
 * took the item over.
 */
export interface LeaseFence {
  /** Which kind of leased record `id` names. */
  kind: 'scheduled_change' | 'rollout_phase';
  /** The id of the scheduled change or rollout phase. */
  id: string;
  /** The owner passed to `claimScheduledChange` / `claimRolloutPhase`. */
  owner: string;
}

/** Options of a write that may be fenced by a lease. */
export interface WriteOptions {
  /**
   * Refuse the write (with `LeaseLostError`, nothing written) unless this lease is still held.
   * @default undefined (not fenced)
   */
  fence?: LeaseFence;
}
