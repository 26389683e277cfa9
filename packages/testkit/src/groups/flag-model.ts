import { FeatureFlagClient, type FeatureFlagInput, isInRollout, ValidationError } from '@flags/core';
import { expect } from 'vitest';
import { defineGroup } from '../check.js';
import { flagInput } from '../fixtures.js';

/**
 * The fields of the flag model v2 — prerequisites, `bucketBy` (rules and the variant split) and
 * `defaultVariant` — stored exactly and evaluated the same way on every backend.
 */
export const flagModelGroup = defineGroup({
  name: 'flag-model',
  title: 'flag model: prerequisites, bucketBy, defaultVariant',
  checks: [
    {
      id: 'flag-model.round-trip',
      title: 'prerequisites, bucketBy and defaultVariant read back exactly (every read), and an update can clear them',
      async run(ctx) {
        const other = ctx.unique('prereq');
        const input = flagInput(ctx, {
          flagType: 'string',
          defaultValue: 'plain',
          prerequisites: [
            { flagKey: other, variant: 'on' },
            { flagKey: `${other}-b`, value: null },
            { flagKey: `${other}-c`, value: { nested: ['ü', 1.5, null] } },
            { flagKey: `${other}-d` },
          ],
          rules: [
            { name: 'by-company', serveValue: 'x', rolloutPercentage: 20, bucketBy: 'company' },
            { name: 'default-bucketing', serveValue: 'y', rolloutPercentage: 30 },
          ],
          variants: [
            { key: 'a', value: { value: 'a' }, weight: 40 },
            { key: 'b', value: { value: 'b' }, weight: 60 },
          ],
          bucketBy: 'organizationId',
          defaultVariant: 'control',
        });
        const created = await ctx.backend.createFlag(input);
        expect(created.prerequisites).toStrictEqual(input.prerequisites);
        expect(created).toMatchObject({ bucketBy: 'organizationId', defaultVariant: 'control' });
        expect(created.rules.map((rule) => rule.bucketBy)).toStrictEqual(['company', undefined]);
        expect(created.rules[1]).not.toHaveProperty('bucketBy');
        expect(await ctx.backend.getFlag(input.key)).toStrictEqual(created);
        expect((await ctx.backend.getFlags([input.key])).get(input.key)).toStrictEqual(created);
        expect((await ctx.backend.getAllFlags()).find((f) => f.key === input.key)).toStrictEqual(created);
        expect((await ctx.backend.getAllActiveFlags()).find((f) => f.key === input.key)).toStrictEqual(created);

        const { bucketBy: _b, defaultVariant: _d, ...withoutNames } = created;
        const cleared = await ctx.backend.updateFlag({
          ...withoutNames,
          prerequisites: [],
          rules: created.rules.map(({ bucketBy: _r, ...rule }) => rule),
        });
        expect(cleared.prerequisites).toStrictEqual([]);
        expect(cleared).not.toHaveProperty('bucketBy');
        expect(cleared).not.toHaveProperty('defaultVariant');
        expect(cleared.rules[0]).not.toHaveProperty('bucketBy');
        expect(await ctx.backend.getFlag(input.key)).toStrictEqual(cleared);
      },
    },
    {
      id: 'flag-model.prerequisites-evaluated',
      title:
        'a flag serves its off value with PREREQUISITE_FAILED while a prerequisite is missing, off or not served as required, nested and cyclic ones included, in single and bulk evaluation',
      async run(ctx) {
        const gate = ctx.unique('gate');
        const dependent = ctx.unique('dependent');
        const top = ctx.unique('top');
        const loopA = ctx.unique('loop-a');
        const loopB = ctx.unique('loop-b');
        const gateFlag = await ctx.backend.createFlag({
          key: gate,
          flagType: 'string',
          defaultValue: 'closed',
          rules: [
            { name: 'beta', conditions: [{ attribute: 'plan', operator: 'eq', value: 'beta' }], serveValue: 'open' },
          ],
        });
        await ctx.backend.createFlag({
          key: dependent,
          defaultEnabled: true,
          prerequisites: [{ flagKey: gate, variant: 'beta' }],
        });
        await ctx.backend.createFlag({ key: top, defaultEnabled: true, prerequisites: [{ flagKey: dependent }] });
        await ctx.backend.createFlag({ key: loopA, defaultEnabled: true, prerequisites: [{ flagKey: loopB }] });
        await ctx.backend.createFlag({ key: loopB, defaultEnabled: true, prerequisites: [{ flagKey: loopA }] });
        const client = new FeatureFlagClient({ storage: ctx.backend });
        const beta = { attributes: { plan: 'beta' } };
        expect(await client.getBooleanDetails(dependent, false, beta)).toMatchObject({ value: true, reason: 'STATIC' });
        expect(await client.getBooleanDetails(top, false, beta)).toMatchObject({ value: true, reason: 'STATIC' });
        const failed = await client.getBooleanDetails(top, true, {});
        expect(failed).toMatchObject({ value: false, reason: 'PREREQUISITE_FAILED' });
        expect(failed.errorMessage).toContain(`"${dependent}"`);
        for (const key of [loopA, loopB]) {
          expect(await client.getBooleanDetails(key, true, beta)).toMatchObject({
            value: false,
            reason: 'PREREQUISITE_FAILED',
          });
        }
        const bulk = await client.getFlags([top, dependent, loopA], beta);
        expect(bulk[top]).toMatchObject({ value: true, reason: 'STATIC' });
        expect(bulk[loopA]).toMatchObject({ reason: 'PREREQUISITE_FAILED' });
        expect((await client.getAllFlags({}))[top]).toMatchObject({ value: false, reason: 'PREREQUISITE_FAILED' });

        // Turning the gate off (a write) fails its dependents at once; deleting it too.
        await ctx.backend.updateFlag({ ...gateFlag, status: 'inactive' });
        expect(await client.getBooleanDetails(top, true, beta)).toMatchObject({ reason: 'PREREQUISITE_FAILED' });
        await ctx.backend.deleteFlag(gate);
        const gone = await client.getBooleanDetails(dependent, true, beta);
        expect(gone.errorMessage).toContain(`prerequisite "${gate}" not found`);
      },
    },
    {
      id: 'flag-model.bucket-by-evaluated',
      title:
        'rollouts bucket on bucketBy, else targetingKey, else userId; a context without a value is outside the rollout and told why; defaultVariant names the default',
      async run(ctx) {
        const byCompany = ctx.unique('by-company');
        const byDefault = ctx.unique('by-default');
        await ctx.backend.createFlag({
          key: byCompany,
          rules: [{ name: 'companies', rolloutPercentage: 40, bucketBy: 'company' }],
          defaultVariant: 'off',
        });
        await ctx.backend.createFlag({ key: byDefault, rules: [{ name: 'half', rolloutPercentage: 50 }] });
        const client = new FeatureFlagClient({ storage: ctx.backend });
        for (const company of ['acme', 'globex', 'initech', 'hooli', 'umbrella', 'stark']) {
          const inside = isInRollout(byCompany, company, 40);
          const details = await client.getBooleanDetails(byCompany, false, {
            targetingKey: 'same',
            attributes: { company },
          });
          expect(details).toMatchObject(
            inside ? { value: true, variant: 'companies' } : { value: false, reason: 'DEFAULT', variant: 'off' },
          );
        }
        for (const userId of ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6']) {
          expect(await client.getBooleanValue(byDefault, false, { userId })).toBe(isInRollout(byDefault, userId, 50));
        }
        const none = await client.getBooleanDetails(byCompany, true, { targetingKey: 'k' });
        expect(none).toMatchObject({ value: false, reason: 'DEFAULT', variant: 'off' });
        expect(none.errorMessage).toContain('company');
      },
    },
    {
      id: 'flag-model.writes-validated',
      title:
        'a flag that is its own prerequisite, or an input with an unknown key, is a ValidationError and writes nothing',
      async run(ctx) {
        const key = ctx.unique('self');
        const attempts: FeatureFlagInput[] = [
          { key, prerequisites: [{ flagKey: key }] },
          { key, rules: [{ rolloutPercentge: 10 } as never] },
          { key, defaultEnable: true } as never,
        ];
        for (const input of attempts) {
          const error = await ctx.backend.createFlag(input).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ValidationError);
        }
        const messages = await ctx.backend
          .createFlag(attempts[1]!)
          .catch((e: ValidationError) => e.issues.map((issue) => `${issue.path}: ${issue.message}`));
        expect(messages).toStrictEqual(['rules[0].rolloutPercentge: unknown key (did you mean "rolloutPercentage"?)']);
        expect(await ctx.backend.getFlag(key)).toBeNull();
      },
    },
  ],
});
