import { describe, expect, it } from 'vitest';
import { schedulerGroup } from '../src/groups/scheduler.js';
import { runCheck } from '../src/harness.js';
import { ReferenceStorageBackend } from '../src/reference-store.js';

class GreedyClaims extends ReferenceStorageBackend {
  override async claimScheduledChange(id: string): Promise<boolean> {
    return (await this.getScheduledChanges({ pendingOnly: true })).some((c) => c.id === id);
  }
}
class ForgetfulLeases extends ReferenceStorageBackend {
  override async claimScheduledChange(id: string, owner: string): Promise<boolean> {
    return super.claimScheduledChange(id, owner, 60_000_000);
  }
}
describe('broken stores', () => {
  for (let i = 0; i < 3; i++) {
    it(`greedy ${i}`, async () => {
      await expect(runCheck(schedulerGroup.checks[0]!, { create: () => new GreedyClaims() })).rejects.toThrow(/claimed successfully more than once|updateFlag calls/);
    });
  }
  it('leases never expire', async () => {
    await expect(runCheck(schedulerGroup.checks[1]!, { create: () => new ForgetfulLeases() })).rejects.toThrow();
  });
});
