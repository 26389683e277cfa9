import type {
  FeatureFlag,
  FlagOverride,
  FlagRule,
  FlagVariant,
  RolloutPhase,
  ScheduledFlagChange,
  Segment,
  TimeSchedule,
} from '@flags/core';
import {
  type Field,
  FLAG_FIELDS,
  OVERRIDE_FIELDS,
  ROLLOUT_PHASE_FIELDS,
  RULE_FIELDS,
  SCHEDULED_CHANGE_FIELDS,
  SEGMENT_FIELDS,
  TIME_SCHEDULE_FIELDS,
  VARIANT_FIELDS,
} from '../schema/fields.js';

type Document = readonly unknown[];

/**
 * The document array of a row: postgres.js and MySQL hand JSON over parsed, SQLite and MariaDB as
 * text. A document is always an array, so a string is unambiguous.
 */
export function parseDocument(value: unknown): Document {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Document;
}

const KIND_CODES = { plain: 0, bool: 1, json: 0, millis: 2, optional: 3 } as const;

/** A field list split into parallel arrays once, so decoding a row is plain indexed access. */
interface Plan {
  properties: string[];
  kinds: number[];
}

const plans = new WeakMap<readonly Field[], Plan>();

function planOf(fields: readonly Field[]): Plan {
  let plan = plans.get(fields);
  if (!plan) {
    plan = { properties: fields.map(([p]) => p), kinds: fields.map(([, k]) => KIND_CODES[k]) };
    plans.set(fields, plan);
  }
  return plan;
}

/** The object of `fields` read from `doc`, starting at index `from` (hot: every read decodes through it). */
function decodeFields(fields: readonly Field[], doc: Document, from = 0): Record<string, unknown> {
  const { properties, kinds } = planOf(fields);
  const out: Record<string, unknown> = {};
  for (let i = from; i < properties.length; i++) {
    const value = doc[i];
    const kind = kinds[i];
    if (kind === 3) {
      if (value !== null && value !== undefined) out[properties[i] as string] = value;
      continue;
    }
    out[properties[i] as string] =
      kind === 1
        ? value === true || value === 1
        : kind === 2
          ? value === null || value === undefined
            ? null
            : new Date(Number(value))
          : value === undefined
            ? null
            : value;
  }
  return out;
}

const byPosition = (a: Document, b: Document) => (a[0] as number) - (b[0] as number);
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rules and variants come in no set order from some aggregations: restore list order. */
function inOrder(rows: Document[]): Document[] {
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i - 1]?.[0] as number) > (rows[i]?.[0] as number)) return rows.slice().sort(byPosition);
  }
  return rows;
}

/** Time schedules of one flag, sorted by `name` then `id` (the order of `getTimeSchedules`). */
function sortSchedules(schedules: TimeSchedule[]): TimeSchedule[] {
  return schedules.sort((a, b) => text(a.name, b.name) || text(a.id, b.id));
}

export const decodeTimeSchedule = (doc: Document) => decodeFields(TIME_SCHEDULE_FIELDS, doc) as unknown as TimeSchedule;
export const decodeOverride = (doc: Document) => decodeFields(OVERRIDE_FIELDS, doc) as unknown as FlagOverride;
export const decodeSegment = (doc: Document) => decodeFields(SEGMENT_FIELDS, doc) as unknown as Segment;
export const decodeScheduledChange = (doc: Document) =>
  decodeFields(SCHEDULED_CHANGE_FIELDS, doc) as unknown as ScheduledFlagChange;
export const decodeRolloutPhase = (doc: Document) => decodeFields(ROLLOUT_PHASE_FIELDS, doc) as unknown as RolloutPhase;

/** A flag from its document `[own fields, rules, variants, time schedules]` (see `flagDocument`). */
export function decodeFlag(doc: Document): FeatureFlag {
  const flag = decodeFields(FLAG_FIELDS, doc[0] as Document) as unknown as FeatureFlag;
  flag.rules = inOrder(doc[1] as Document[]).map((r) => decodeFields(RULE_FIELDS, r, 1) as unknown as FlagRule);
  flag.variants = inOrder(doc[2] as Document[]).map(
    (v) => decodeFields(VARIANT_FIELDS, v, 1) as unknown as FlagVariant,
  );
  flag.timeSchedules = sortSchedules((doc[3] as Document[]).map(decodeTimeSchedule));
  return flag;
}
