import { ConflictError, generateId, NotFoundError, type StorageBackend, ValidationError } from '@flags/core';
import { expect } from 'vitest';
import { byId, expectRejection } from '../assertions.js';
import { type CheckContext, defineGroup } from '../check.js';
import { rolloutPhaseInput, scheduledChangeInput, seedFlag, timeScheduleInput } from '../fixtures.js';

/** What the checks need of one kind of flag-owned record: its batch create, input and reads. */
interface BatchKind {
  /** Used in messages. */
  noun: string;
  /** The optional batch create, bound to the backend; null when the backend lacks it. */
  create(backend: StorageBackend): ((inputs: readonly object[]) => Promise<Array<{ id: string }>>) | null;
  /** A valid input of the `n`-th record of `flagId` (n from 1). */
  input(flagId: string, n: number, fields?: object): { id?: string; flagId: string };
  /** The stored records of `flagId`. */
  stored(backend: StorageBackend, flagId: string): Promise<Array<{ id: string }>>;
  /** A field value the constructor refuses. */
  invalid: object;
}

function bound<F extends (inputs: never) => Promise<Array<{ id: string }>>>(
  backend: StorageBackend,
  method: F | undefined,
): ((inputs: readonly object[]) => Promise<Array<{ id: string }>>) | null {
  return typeof method === 'function' ? (method.bind(backend) as never) : null;
}

const KINDS: Record<'scheduled-changes' | 'time-schedules' | 'rollout-phases', BatchKind> = {
  'scheduled-changes': {
    noun: 'createScheduledChanges',
    create: (backend) => bound(backend, backend.createScheduledChanges),
    input: (flagId, n, fields) =>
      scheduledChangeInput(flagId, { scheduledAt: new Date(Date.now() + n * 60_000), ...fields }),
    stored: (backend, flagId) => backend.getScheduledChanges({ flagId, pendingOnly: false }),
    invalid: { changeType: 'explode' },
  },
  'time-schedules': {
    noun: 'createTimeSchedules',
    create: (backend) => bound(backend, backend.createTimeSchedules),
    input: (flagId, n, fields) => timeScheduleInput(flagId, { name: `window ${n}`, ...fields }),
    stored: (backend, flagId) => backend.getTimeSchedules({ flagId }),
    invalid: { startTime: '25:00' },
  },
  'rollout-phases': {
    noun: 'createRolloutPhases',
    create: (backend) => bound(backend, backend.createRolloutPhases),
    input: (flagId, n, fields) => rolloutPhaseInput(flagId, n, fields),
    stored: (backend, flagId) => backend.getRolloutPhases(flagId),
    invalid: { targetPercentage: 101 },
  },
};

async function creates(ctx: CheckContext, kind: BatchKind): Promise<void> {
  const create = kind.create(ctx.backend);
  if (!create) return;
  const a = await seedFlag(ctx);
  const b = await seedFlag(ctx);
  const inputs = [kind.input(a.id, 1, { id: generateId() }), kind.input(b.id, 1), kind.input(a.id, 2)];
  const revision = await ctx.backend.getRevision();
  const created = await create(inputs);
  expect(created.map((record) => (record as { flagId?: string }).flagId)).toStrictEqual([a.id, b.id, a.id]);
  expect(created[0]!.id, 'a given id is kept').toBe(inputs[0]!.id);
  const stored = [...(await kind.stored(ctx.backend, a.id)), ...(await kind.stored(ctx.backend, b.id))];
  expect(byId(stored), `${kind.noun}: read back as answered`).toStrictEqual(byId(created));
  expect(await ctx.backend.getRevision()).not.toBe(revision);
  expect(await create([])).toStrictEqual([]);
}

async function allOrNothing(ctx: CheckContext, kind: BatchKind): Promise<void> {
  const create = kind.create(ctx.backend);
  if (!create) return;
  const flag = await seedFlag(ctx);
  const [existing] = await create([kind.input(flag.id, 1)]);
  const unchanged = async (what: string) => {
    expect(idsOf(await kind.stored(ctx.backend, flag.id)), `${what}: nothing written`).toStrictEqual([existing!.id]);
  };
  const invalid = await expectRejection(
    create([kind.input(flag.id, 2), kind.input(flag.id, 3), kind.input(flag.id, 4, kind.invalid)]),
    ValidationError,
    `${kind.noun} with an invalid record`,
  );
  expect(invalid.issues.map((issue) => issue.path.slice(0, 3))).toStrictEqual(['[2]']);
  await unchanged('invalid record');
  const id = generateId();
  await expectRejection(
    create([kind.input(flag.id, 2, { id }), kind.input(flag.id, 3, { id })]),
    ValidationError,
    `${kind.noun} repeating an id`,
  );
  await unchanged('repeated id');
  await expectRejection(
    create([kind.input(flag.id, 2), kind.input(generateId(), 3)]),
    NotFoundError,
    `${kind.noun} with a record of an unknown flag`,
  );
  await unchanged('unknown flag');
  await expectRejection(
    create([kind.input(flag.id, 2), kind.input(flag.id, 3, { id: existing!.id })]),
    ConflictError,
    `${kind.noun} with a taken id`,
  );
  await unchanged('taken id');
}

const idsOf = (records: ReadonlyArray<{ id: string }>) => records.map((record) => record.id).sort();

/**
 * The optional batch creates of the records a flag owns (scheduled changes, time schedules, rollout
 * phases): what imports and copies use to write them without one transaction each.
 */
export const recordBatchesGroup = defineGroup({
  name: 'record-batches',
  title: 'createScheduledChanges, createTimeSchedules, createRolloutPhases (optional)',
  checks: [
    {
      id: 'record-batches.scheduled-changes',
      title: 'createScheduledChanges stores every change as createScheduledChange would, in input order',
      run: (ctx) => creates(ctx, KINDS['scheduled-changes']),
    },
    {
      id: 'record-batches.scheduled-changes-all-or-nothing',
      title:
        'createScheduledChanges with one bad change (invalid, repeated id, unknown flag, taken id) throws and writes none',
      run: (ctx) => allOrNothing(ctx, KINDS['scheduled-changes']),
    },
    {
      id: 'record-batches.time-schedules',
      title: 'createTimeSchedules stores every schedule as createTimeSchedule would, in input order',
      run: (ctx) => creates(ctx, KINDS['time-schedules']),
    },
    {
      id: 'record-batches.time-schedules-all-or-nothing',
      title:
        'createTimeSchedules with one bad schedule (invalid, repeated id, unknown flag, taken id) throws and writes none',
      run: (ctx) => allOrNothing(ctx, KINDS['time-schedules']),
    },
    {
      id: 'record-batches.rollout-phases',
      title: 'createRolloutPhases stores every phase as createRolloutPhase would, in input order',
      run: (ctx) => creates(ctx, KINDS['rollout-phases']),
    },
    {
      id: 'record-batches.rollout-phases-all-or-nothing',
      title:
        'createRolloutPhases with one bad phase (invalid, repeated id or phase number, unknown flag, taken id or phase number) throws and writes none',
      async run(ctx) {
        const kind = KINDS['rollout-phases'];
        await allOrNothing(ctx, kind);
        const create = kind.create(ctx.backend);
        if (!create) return;
        const flag = await seedFlag(ctx);
        await create([kind.input(flag.id, 1)]);
        const before = idsOf(await kind.stored(ctx.backend, flag.id));
        await expectRejection(
          create([kind.input(flag.id, 2), kind.input(flag.id, 2)]),
          ValidationError,
          'createRolloutPhases repeating a phase number of one flag',
        );
        await expectRejection(
          create([kind.input(flag.id, 2), kind.input(flag.id, 1)]),
          ConflictError,
          'createRolloutPhases with a phase number the flag has',
        );
        expect(idsOf(await kind.stored(ctx.backend, flag.id)), 'nothing written').toStrictEqual(before);
      },
    },
  ],
});
