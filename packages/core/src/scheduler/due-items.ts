import type { FeatureFlag, FeatureFlagInput, RolloutPhase, ScheduledFlagChange } from '../models/index.js';
import type { LeaseFence, StorageBackend } from '../storage/index.js';
import { planRolloutPhase, planScheduledChange } from './plan.js';
import type { ScheduledItemKind } from './types.js';

/** A due scheduled change or rollout phase, with the storage calls that differ between the two. */
export interface DueItem {
  kind: ScheduledItemKind;
  id: string;
  flagId: string;
  scheduledAt: Date;
  /** What it does, for logs. */
  action: string;
  /** Orders phases of one instant; 0 for changes. */
  phaseNumber: number;
  claim(owner: string, leaseMs: number): Promise<boolean>;
  /** Marks it executed, fenced by `owner`'s lease (refused with `LeaseLostError` once the lease is lost). */
  markExecuted(executedAt: Date, outcome: string | null, owner: string): Promise<boolean>;
  /** The fence of a write made under `owner`'s lease on this item. */
  fence(owner: string): LeaseFence;
  /** The update this item makes to `flag`, or null when the flag already is in the target state. */
  plan(flag: FeatureFlag): FeatureFlagInput | null;
}

function changeItem(storage: StorageBackend, change: ScheduledFlagChange): DueItem {
  return {
    kind: 'change',
    id: change.id,
    flagId: change.flagId,
    scheduledAt: change.scheduledAt,
    action:
      change.changeType === 'update_rollout' ? `update_rollout ${change.newRolloutPercentage}%` : change.changeType,
    phaseNumber: 0,
    claim: (owner, leaseMs) => storage.claimScheduledChange(change.id, owner, leaseMs),
    markExecuted: (at, outcome, owner) =>
      storage.markScheduledChangeExecuted(change.id, at, outcome, {
        fence: { kind: 'scheduled_change', id: change.id, owner },
      }),
    fence: (owner) => ({ kind: 'scheduled_change', id: change.id, owner }),
    plan: (flag) => planScheduledChange(flag, change),
  };
}

function phaseItem(storage: StorageBackend, phase: RolloutPhase): DueItem {
  return {
    kind: 'phase',
    id: phase.id,
    flagId: phase.flagId,
    scheduledAt: phase.scheduledAt,
    action: `phase ${phase.phaseNumber}: ${phase.targetPercentage}%`,
    phaseNumber: phase.phaseNumber,
    claim: (owner, leaseMs) => storage.claimRolloutPhase(phase.id, owner, leaseMs),
    markExecuted: (at, outcome, owner) =>
      storage.markRolloutPhaseExecuted(phase.id, at, outcome, {
        fence: { kind: 'rollout_phase', id: phase.id, owner },
      }),
    fence: (owner) => ({ kind: 'rollout_phase', id: phase.id, owner }),
    plan: (flag) => planRolloutPhase(flag, phase),
  };
}

// Within one instant changes run before phases, phases by number; the id makes the order total so
// every scheduler process walks the items in the same sequence.
function compareItems(a: DueItem, b: DueItem): number {
  return (
    a.scheduledAt.getTime() - b.scheduledAt.getTime() ||
    (a.kind === b.kind ? 0 : a.kind === 'change' ? -1 : 1) ||
    a.phaseNumber - b.phaseNumber ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * The pending changes and phases due at `now` (`scheduledAt <= now`), in application order.
 * Two reads, one per kind, issued together.
 */
export async function readDueItems(storage: StorageBackend, now: Date): Promise<DueItem[]> {
  const [changes, phases] = await Promise.all([
    storage.getScheduledChanges({ pendingOnly: true }),
    storage.getPendingRolloutPhases(),
  ]);
  const due = now.getTime();
  const items: DueItem[] = [];
  for (const change of changes) {
    if (!change.executed && change.scheduledAt.getTime() <= due) items.push(changeItem(storage, change));
  }
  for (const phase of phases) {
    if (!phase.executed && phase.scheduledAt.getTime() <= due) items.push(phaseItem(storage, phase));
  }
  return items.sort(compareItems);
}
