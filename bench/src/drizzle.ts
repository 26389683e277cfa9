/**
 * The drizzle suite (issue 4): per database (SQLite file, PostgreSQL, MariaDB) `getFlag`,
 * `getFlags(100)`, `getAllActiveFlags` over 1,000 flags, `getOverrides` among 100,000 overrides of
 * one flag (beside 10 of another: the unique index keeps it flat) and a client evaluation with
 * overrides, each beside the raw driver running the same SQL text the backend prepared.
 * Notes give mean-time ratios (ours ÷ raw; ≤ 1.5× is the target, reported, never asserted); `ratio` is
 * throughput against the raw row, as in the other suites. The raw rows
 * show the driver alone and the driver plus JSON.parse (SQLite and MariaDB hand JSON over as text,
 * postgres.js parses it itself). Writes bench/results/drizzle.json.
 */
import { FeatureFlagClient, generateId } from '@flags/core';
import { mysqlTarget, pgTarget, sqliteTarget, type Target } from './drizzle-targets.js';
import type { Measurement } from './measure.js';
import { BATCH, benchFlag, CONTEXT, FLAG_COUNT, flagKey } from './redis-fixture.js';
import type { BenchSuite, Reporter } from './types.js';

const TARGET = 1.5;
const MANY_OVERRIDES = 100_000;

/** The four entities the client probes for CONTEXT. */
const ENTITIES = [
  { entityType: 'user', entityId: CONTEXT.userId! },
  { entityType: 'organization', entityId: CONTEXT.organizationId! },
  { entityType: 'tenant', entityId: CONTEXT.tenantId! },
  { entityType: 'targeting_key', entityId: CONTEXT.targetingKey! },
];

/** 1,000 flags; flag 0 with 100,000 user overrides (one of them CONTEXT's user), flag 1 with 10. */
async function seed(target: Target): Promise<{ many: string; few: string }> {
  const ids: string[] = [];
  for (let start = 0; start < FLAG_COUNT; start += 50) {
    const batch = Array.from({ length: Math.min(50, FLAG_COUNT - start) }, (_, n) => benchFlag(start + n));
    for (const flag of await Promise.all(batch.map((input) => target.backend.createFlag(input)))) ids.push(flag.id);
  }
  const now = new Date();
  const overrides = (flagId: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      id: generateId(),
      flagId,
      entityType: 'user',
      entityId: `user-${i}`,
      enabled: i % 2 === 0,
      value: null,
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    }));
  await target.insertMany('flagOverrides', overrides(ids[0]!, MANY_OVERRIDES));
  await target.insertMany('flagOverrides', overrides(ids[1]!, 10));
  return { many: ids[0]!, few: ids[1]! };
}

const parseDocs = (rows: unknown[]) =>
  rows.map((row) => {
    const doc = (row as unknown[])[0];
    return typeof doc === 'string' ? JSON.parse(doc) : doc;
  });

/** How long each comparison samples (after a warm-up of a quarter of it). */
const SAMPLE_MS = 3_000;

/**
 * Times the functions interleaved — one call of each in turn, over and over — so that whatever else
 * the (shared) machine does falls on all of them alike; per-function mean over the same rounds.
 */
async function interleaved(fns: Array<() => Promise<unknown>>): Promise<Measurement[]> {
  const run = async (until: number, totals?: number[]) => {
    let rounds = 0;
    while (performance.now() < until || rounds < 10) {
      for (let k = 0; k < fns.length; k++) {
        const start = performance.now();
        await fns[k]!();
        if (totals) totals[k]! += performance.now() - start;
      }
      rounds++;
    }
    return rounds;
  };
  await run(performance.now() + SAMPLE_MS / 4);
  const totals = fns.map(() => 0);
  const rounds = await run(performance.now() + SAMPLE_MS, totals);
  return totals.map((ms) => ({ meanUs: (ms / rounds) * 1000, opsPerSec: rounds / (ms / 1000), samples: rounds }));
}

/**
 * Raw query, raw query + JSON.parse of its documents, and ours, timed interleaved; ratios are
 * against the raw query.
 */
async function pair(
  report: Reporter,
  target: Target,
  label: string,
  raw: () => Promise<unknown[]>,
  ours: () => Promise<unknown>,
): Promise<void> {
  const parsed = async () => parseDocs(await raw());
  const [r, p, o] = (await interleaved([raw, parsed, ours])) as [Measurement, Measurement, Measurement];
  report.add({ name: `${target.name} raw ${label}`, ...r, ratio: 1, note: 'the backend’s SQL text, driver only' });
  report.add({
    name: `${target.name} raw ${label} + JSON.parse`,
    ...p,
    ratio: p.opsPerSec / r.opsPerSec,
    note: `${(p.meanUs / r.meanUs).toFixed(2)}× raw time: what a raw caller needs to have objects`,
  });
  const slowdown = o.meanUs / r.meanUs;
  report.add({
    name: `${target.name} ${label}`,
    ...o,
    ratio: o.opsPerSec / r.opsPerSec,
    note: `${slowdown.toFixed(2)}× raw time (target ≤ ${TARGET}×)${slowdown > TARGET ? ' MISSED' : ''}, ${(o.meanUs / p.meanUs).toFixed(2)}× raw+parse`,
  });
  console.log(
    `  ${target.name} ${label}: ${o.meanUs.toFixed(1)} µs vs raw ${r.meanUs.toFixed(1)} µs (${slowdown.toFixed(2)}×), raw+parse ${p.meanUs.toFixed(1)} µs`,
  );
}

async function measureTarget(report: Reporter, target: Target): Promise<void> {
  const { many, few } = await seed(target);
  const b = target.backend;
  const client = new FeatureFlagClient({ storage: b });
  const keys = Array.from({ length: BATCH }, (_, i) => flagKey(i * (FLAG_COUNT / BATCH)));
  const entities = JSON.stringify(ENTITIES.map((e) => [e.entityType, e.entityId]));
  const flagByKey = target.raw('flagByKey');
  const flagsByKeys = target.raw('flagsByKeys');
  const activeFlags = target.raw('activeFlags');
  const overrides = target.raw('overridesOfEntities');
  const first = flagKey(0);

  await pair(
    report,
    target,
    'getFlag',
    () => flagByKey({ key: first }),
    () => b.getFlag(first),
  );
  await pair(
    report,
    target,
    `getFlags(${BATCH})`,
    () => flagsByKeys({ keys: JSON.stringify(keys) }),
    () => b.getFlags(keys),
  );
  await pair(
    report,
    target,
    `getAllActiveFlags (${FLAG_COUNT})`,
    () => activeFlags({}),
    () => b.getAllActiveFlags(),
  );
  for (const [flagId, count] of [
    [few, 10],
    [many, MANY_OVERRIDES],
  ] as const) {
    const label = `getOverrides (4 entities, flag with ${count.toLocaleString('en-US')} overrides)`;
    await pair(
      report,
      target,
      label,
      () => overrides({ flagId, entities, now: new Date() }),
      () => b.getOverrides(flagId, ENTITIES),
    );
  }
  const rawEvaluation = async () => {
    const flag = await flagByKey({ key: first });
    const found = await overrides({ flagId: many, entities, now: new Date() });
    return [...flag, ...found];
  };
  await pair(report, target, 'client getBooleanValue (flag + overrides)', rawEvaluation, () =>
    client.getBooleanValue(first, false, CONTEXT),
  );
  const plan = await target.explain('overridesOfEntities', { flagId: many, entities, now: new Date() });
  report.meta(`${target.name} plan of getOverrides among ${MANY_OVERRIDES} overrides`, plan);
}

/** Runs the drizzle suite. */
export const run: BenchSuite = async (report) => {
  report.meta('flags', FLAG_COUNT);
  report.meta('target', `each read ≤ ${TARGET}× the raw driver running the same SQL`);
  for (const open of [sqliteTarget, pgTarget, mysqlTarget]) {
    const target = await open();
    try {
      await measureTarget(report, target);
    } finally {
      await target.dispose();
    }
  }
  await report.flush();
};
