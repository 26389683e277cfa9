import type { ConformanceCheck, ConformanceGroup } from './check.js';
import { CONFORMANCE_GROUPS, CONFORMANCE_TEST_IDS } from './groups/index.js';
import type { ConformanceSkips } from './options.js';

/** One check as it will be registered: with its skip reason, if skipped. */
export interface PlannedCheck {
  check: ConformanceCheck;
  /** The `it` title: `<id>: <title>`, plus `— skipped: <reason>` when skipped. */
  testTitle: string;
  skipReason?: string;
}

/** One group as it will be registered. */
export interface PlannedGroup {
  group: ConformanceGroup;
  checks: PlannedCheck[];
}

/**
 * Turns the registered groups and the skips into what `runStorageConformance` registers.
 * @throws Error when a skip names an unknown id, names one twice, or gives no reason.
 */
export function planConformance(skip: ConformanceSkips = {}): PlannedGroup[] {
  const reasons = skipReasons(skip);
  return CONFORMANCE_GROUPS.map((group: ConformanceGroup) => ({
    group,
    checks: group.checks.map((check) => {
      const skipReason = reasons.get(check.id);
      const title = `${check.id}: ${check.title}`;
      return skipReason === undefined
        ? { check, testTitle: title }
        : { check, testTitle: `${title} — skipped: ${skipReason}`, skipReason };
    }),
  }));
}

function skipReasons(skip: ConformanceSkips): Map<string, string> {
  const entries: [string, unknown][] = Array.isArray(skip)
    ? skip.map((entry: { id: string; reason: unknown }) => [entry.id, entry.reason])
    : Object.entries(skip);
  const known = new Set<string>(CONFORMANCE_TEST_IDS);
  const reasons = new Map<string, string>();
  for (const [id, reason] of entries) {
    if (!known.has(id)) throw new Error(`[@flags/testkit] skip names an unknown test id "${id}"`);
    if (reasons.has(id)) throw new Error(`[@flags/testkit] skip names "${id}" twice`);
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`[@flags/testkit] skip of "${id}" needs a reason`);
    }
    reasons.set(id, reason.trim());
  }
  return reasons;
}
