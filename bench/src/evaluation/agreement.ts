/**
 * Before anything is timed, every system must give the same answers for the same people, or the
 * comparison would be between different flags. Throws with the first disagreements found.
 */
import { ROLLOUT_PERCENT } from './fixture.js';
import type { PeerSystem } from './system.js';

/** What the agreement check found for one system. */
export interface AgreementSummary {
  name: string;
  /** Contexts the system answered `true` for. */
  enabled: number;
  /** Contexts compared answer for answer. */
  exact: number;
  /** Contexts only the rollout decides, compared by share (systems with their own hash). */
  byShare: number;
  /** Share of the `byShare` contexts the system turned on, in percent. */
  rolloutSharePercent?: number;
}

/**
 * Checks `system` against `expected` (the hand-written answers) and `decided` (the answers without the
 * rollout: `'rollout'` where only bucketing decides). A system with its own bucketing must agree
 * everywhere else and roll out to ROLLOUT_PERCENT ± 4 standard deviations of the eligible people.
 */
export async function checkAgreement(
  system: PeerSystem<unknown>,
  expected: readonly boolean[],
  decided: readonly (boolean | 'rollout')[],
): Promise<AgreementSummary> {
  const mismatches: string[] = [];
  let byShare = 0;
  let rolledOut = 0;
  let enabled = 0;
  for (let i = 0; i < system.contexts.length; i++) {
    const answer = await system.evaluate(system.contexts[i]);
    if (answer === true) enabled++;
    if (typeof answer !== 'boolean') mismatches.push(`#${i}: answered ${String(answer)}, not a boolean`);
    else if (!system.sameBuckets && decided[i] === 'rollout') {
      byShare++;
      if (answer) rolledOut++;
    } else if (answer !== expected[i]) {
      mismatches.push(`#${i}: answered ${answer}, expected ${expected[i]} for ${JSON.stringify(system.contexts[i])}`);
    }
  }
  const summary: AgreementSummary = { name: system.name, enabled, exact: system.contexts.length - byShare, byShare };
  if (byShare > 0) {
    const p = ROLLOUT_PERCENT / 100;
    const share = rolledOut / byShare;
    const tolerance = 4 * Math.sqrt((p * (1 - p)) / byShare);
    summary.rolloutSharePercent = Math.round(share * 1000) / 10;
    if (Math.abs(share - p) > tolerance) {
      mismatches.push(
        `rolled out to ${summary.rolloutSharePercent}% of ${byShare} eligible, expected ${ROLLOUT_PERCENT}%`,
      );
    }
  }
  if (mismatches.length > 0) {
    throw new Error(
      `[@flags/bench] ${system.name} disagrees with the reference flag on ${mismatches.length} context(s):\n  ` +
        mismatches.slice(0, 5).join('\n  '),
    );
  }
  return summary;
}
