import { describe, it } from 'vitest';
import { runCheck } from './harness.js';
import type { StorageConformanceOptions } from './options.js';
import { planConformance } from './plan.js';

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Registers the conformance suite for one backend: a `describe` per group, an `it` per check (an
 * `it.skip` whose title carries the reason for each skipped id). Every check gets its own backend from
 * `create` (then `reset`), and every instance it used goes to `teardown` afterwards.
 * Call it at the top level of a vitest test file.
 * @throws Error at registration when `skip` names an unknown id or gives no reason.
 */
export function runStorageConformance(options: StorageConformanceOptions): void {
  const plan = planConformance(options.skip);
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  describe(`@flags/testkit conformance: ${options.name}`, () => {
    for (const { group, checks } of plan) {
      describe(group.title, () => {
        for (const { check, testTitle, skipReason } of checks) {
          if (skipReason === undefined) it(testTitle, () => runCheck(check, options), timeout);
          else it.skip(testTitle, () => {});
        }
      });
    }
  });
}
