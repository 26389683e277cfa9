import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors.js';
import { closestKey, editDistance } from '../src/validation/closest-key.js';
import {
  createFlag,
  createOverride,
  createRolloutPhase,
  createScheduledChange,
  createSegment,
  createTimeSchedule,
} from '../src/validation/index.js';

function messages(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('unknown keys are refused, naming the closest known key', () => {
  it('a misspelt rule field is an error, not a silently defaulted field', () => {
    expect(messages(() => createFlag({ key: 'f', rules: [{ rolloutPercentge: 10 } as never] }))).toEqual([
      'rules[0].rolloutPercentge: unknown key (did you mean "rolloutPercentage"?)',
    ]);
    expect(messages(() => createFlag({ key: 'f', defaultEnable: true } as never))).toEqual([
      'defaultEnable: unknown key (did you mean "defaultEnabled"?)',
    ]);
    expect(messages(() => createFlag({ key: 'f', default_enabled: true } as never))).toEqual([
      'default_enabled: unknown key (did you mean "defaultEnabled"?)',
    ]);
  });

  it('every unknown key is listed together with the other issues, at every depth', () => {
    const issues = messages(() =>
      createFlag({
        key: 'f',
        flagType: 'boolen',
        tagz: [],
        rules: [{ conditions: [{ attribute: 'a', operator: 'eq', value: 1, negate: true }] }],
        variants: [{ key: 'v', weight: 100, wieght: 1 }],
        prerequisites: [{ flagKey: 'g', varient: 'x' }],
      } as never),
    );
    expect(issues.some((issue) => issue.startsWith('rules[0].conditions[0].negate: unknown key (did you mean'))).toBe(
      true,
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'flagType: must be one of "boolean", "string", "number", "json", got "boolen"',
        'tagz: unknown key (did you mean "tags"?)',
        'variants[0].wieght: unknown key (did you mean "weight"?)',
        'prerequisites[0].varient: unknown key (did you mean "variant"?)',
      ]),
    );
  });

  it('covers every write input; a model read back (with its read-only fields) is accepted as input', () => {
    const at = new Date();
    expect(messages(() => createSegment({ name: 's', parentId: null } as never))).toEqual([
      'parentId: unknown key (did you mean "parentSegmentId"?)',
    ]);
    expect(
      messages(() => createOverride({ flagId: 'f', entityType: 'user', entityId: 'u', expires: at } as never)),
    ).toEqual(['expires: unknown key (did you mean "expiresAt"?)']);
    expect(
      messages(() =>
        createScheduledChange({ flagId: 'f', changeType: 'enable', scheduledAt: at, newvalue: 1 } as never),
      ),
    ).toEqual(['newvalue: unknown key (did you mean "newValue"?)']);
    expect(
      messages(() =>
        createRolloutPhase({ flagId: 'f', phaseNumber: 1, targetPercentage: 5, scheduledAt: at, target: 1 } as never),
      ),
    ).toEqual(['target: unknown key (did you mean "targetPercentage"?)']);
    expect(
      messages(() => createTimeSchedule({ flagId: 'f', recurrenceType: 'daily', timeZone: 'UTC' } as never)),
    ).toEqual(['timeZone: unknown key (did you mean "timezone"?)']);
    const flag = createFlag({ key: 'f', rules: [{ bucketBy: 'userId' }], bucketBy: 'orgId', defaultVariant: 'off' });
    expect(createFlag({ ...flag, timeSchedules: [] })).toEqual(flag);
    const segment = createSegment({ name: 's' });
    expect(createSegment(segment)).toEqual(segment);
  });

  it('edit distance and the closest key', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestKey('rolloutPercentge', ['enabled', 'rolloutPercentage', 'priority'])).toBe('rolloutPercentage');
    expect(closestKey('x', [])).toBeUndefined();
    // A huge key is compared by its first 100 characters only.
    expect(closestKey('n'.repeat(100_000), ['name'])).toBe('name');
  });
});
