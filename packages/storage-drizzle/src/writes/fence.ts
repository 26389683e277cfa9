import type { WriteOptions } from '@flags/core';
import { readFence, requireLease } from '@flags/core/backend';
import { eq } from 'drizzle-orm';
import type { Dialect } from '../dialect/dialect.js';
import { PACKAGE } from '../errors/errors.js';
import type { AnyDatabase, FlagsTableSet } from '../schema/types.js';

/**
 * Refuses a fenced write (`LeaseLostError`) unless its lease is held at `now`. Runs inside the write's
 * transaction: on PostgreSQL and MySQL the lease row is read `FOR UPDATE`, so a claim by another owner
 * waits until this transaction ends; SQLite transactions are `BEGIN IMMEDIATE`, so nothing interleaves.
 */
export async function checkFence(
  tx: AnyDatabase,
  t: FlagsTableSet,
  dialect: Dialect,
  options: WriteOptions | undefined,
  now: Date,
  model: string,
): Promise<void> {
  const fence = readFence(options, model);
  if (!fence) return;
  const table = fence.kind === 'scheduled_change' ? t.scheduledChanges : t.rolloutPhases;
  const select = tx
    .select({ executed: table.executed, claimedBy: table.claimedBy, claimExpiresAt: table.claimExpiresAt })
    .from(table)
    .where(eq(table.id, fence.id));
  const [row] = await (dialect.name === 'sqlite' ? select : select.for('update'));
  const lease = row && {
    executed: Boolean(row.executed),
    claimedBy: (row.claimedBy as string | null) ?? null,
    claimExpiresAt: row.claimExpiresAt == null ? null : new Date(row.claimExpiresAt as Date),
  };
  requireLease(PACKAGE, lease, fence, now);
}
