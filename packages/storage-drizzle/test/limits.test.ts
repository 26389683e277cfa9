import { ConflictError, type JsonObject, LIMITS, ValidationError } from '@flags/core';
import { expect, it } from 'vitest';
import { onEveryDialect } from './support/dialects.js';

const text = (char: string, length: number = LIMITS.maxTextLength) => char.repeat(length);

/** A JSON object with `depth` nested containers (objects and arrays alternating), a string at the bottom. */
function nested(depth: number): JsonObject {
  let value: unknown = 'bottom';
  for (let level = depth - 1; level >= 0; level--) value = level % 2 ? [value] : { k: value };
  return value as JsonObject;
}

const LAST_DATE = new Date(LIMITS.maxDateMs);

// Every value at core's limits must store and read back exactly on every dialect.
onEveryDialect('limits', (backend) => {
  it('a flag with the most rules and variants, longest texts, int32 extremes and the deepest JSON', async () => {
    const deep = nested(LIMITS.maxJsonDepth);
    const flag = await backend().createFlag({
      id: text('i'),
      key: text('k'),
      name: text('n'),
      flagType: 'json',
      defaultValue: deep,
      tags: [text('t')],
      metadata: deep,
      rules: Array.from({ length: LIMITS.maxRules }, (_, i) => ({
        id: `${text('r', LIMITS.maxTextLength - 4)}${String(i).padStart(4, '0')}`,
        name: text('n'),
        priority: i % 2 ? LIMITS.maxInteger : LIMITS.minInteger,
        conditions: i === 0 ? [{ attribute: 'userId', operator: 'eq' as const, value: deep }] : [],
        serveValue: i === 0 ? deep : { i },
      })),
      variants: Array.from({ length: LIMITS.maxVariants }, (_, i) => ({
        id: `${text('v', LIMITS.maxTextLength - 4)}${String(i).padStart(4, '0')}`,
        key: `${text('v', LIMITS.maxTextLength - 4)}${String(i).padStart(4, '0')}`,
        name: text('n'),
        value: i === 0 ? deep : { i },
        weight: i < 100 ? 1 : 0,
      })),
    });
    expect(await backend().getFlag(flag.key)).toStrictEqual(flag);
    expect((await backend().getFlags([flag.key])).get(flag.key)).toStrictEqual(flag);
    const updated = await backend().updateFlag({ ...flag, name: text('m') });
    expect(updated).toMatchObject({ name: text('m'), version: 2 });
    expect(updated.rules).toStrictEqual(flag.rules);
    expect(updated.variants).toStrictEqual(flag.variants);

    const override = await backend().upsertOverride({
      id: text('o'),
      flagId: flag.id,
      entityType: text('e', LIMITS.maxEntityTypeLength),
      entityId: text('u'),
      enabled: true,
      value: deep,
      expiresAt: LAST_DATE,
    });
    expect(await backend().getOverrides(flag.id, [override])).toStrictEqual([override]);

    const phase = await backend().createRolloutPhase({
      id: text('p'),
      flagId: flag.id,
      phaseNumber: LIMITS.maxInteger,
      targetPercentage: 50,
      scheduledAt: LAST_DATE,
    });
    expect(await backend().getRolloutPhases(flag.id)).toStrictEqual([phase]);
    expect(await backend().claimRolloutPhase(phase.id, text('w'), 1_000)).toBe(true);

    const change = await backend().createScheduledChange({
      id: text('c'),
      flagId: flag.id,
      changeType: 'update_value',
      scheduledAt: LAST_DATE,
      newValue: deep,
      createdBy: text('b'),
    });
    expect(await backend().getScheduledChanges({ flagId: flag.id })).toStrictEqual([change]);

    const segment = await backend().createSegment({
      id: text('s'),
      name: text('s'),
      conditions: [{ attribute: 'plan', operator: 'eq' as const, value: deep }],
    });
    expect(await backend().getSegmentByName(segment.name)).toStrictEqual(segment);
  });

  it('a stale version past int32 is a ConflictError or ValidationError, never a StorageError', async () => {
    const flag = await backend().createFlag({ key: 'versioned' });
    const segment = await backend().createSegment({ name: 'versioned' });
    for (const version of [2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER, LIMITS.minInteger - 1]) {
      const flagError = await backend()
        .updateFlag({ ...flag, version })
        .catch((e: unknown) => e);
      expect(flagError instanceof ConflictError || flagError instanceof ValidationError, String(flagError)).toBe(true);
      const segmentError = await backend()
        .updateSegment({ ...segment, version })
        .catch((e: unknown) => e);
      expect(
        segmentError instanceof ConflictError || segmentError instanceof ValidationError,
        String(segmentError),
      ).toBe(true);
    }
    await expect(backend().updateFlag({ ...flag, version: LIMITS.maxInteger })).rejects.toBeInstanceOf(ConflictError);
    expect(await backend().getFlag('versioned')).toStrictEqual(flag);
  });
});
