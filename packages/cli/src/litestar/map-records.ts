import type { JsonValue } from '@flags/core';
import { mapConditions } from './map-flag.js';
import type { LitestarReport } from './report.js';
import { boolValue, dateValue, enumValue, jsonValue, timeValue, uuidValue } from './values.js';

type Row = Record<string, unknown>;

const iso = (value: unknown) => dateValue(value)?.toISOString() ?? null;

function timestamps(raw: Row): Row {
  const created = iso(raw.created_at);
  const updated = iso(raw.updated_at);
  return { ...(created ? { createdAt: created } : {}), ...(updated ? { updatedAt: updated } : {}) };
}

/** The flag id a record names, if the flag was imported; otherwise the record is reported as an orphan. */
function flagOf(
  raw: Row,
  flags: ReadonlySet<string>,
  source: string,
  what: string,
  report: LitestarReport,
): string | null {
  const flagId = uuidValue(raw.flag_id);
  if (flagId === null || !flags.has(flagId)) {
    report.add(
      source,
      'skipped',
      `${what} of flag ${JSON.stringify(raw.flag_id)}, which is not imported (deleted or not importable)`,
    );
    return null;
  }
  return flagId;
}

export function mapOverride(raw: Row, flags: ReadonlySet<string>, source: string, report: LitestarReport): Row | null {
  const flagId = flagOf(raw, flags, source, 'override', report);
  if (flagId === null) return null;
  return {
    id: uuidValue(raw.id) ?? undefined,
    flagId,
    entityType: String(raw.entity_type),
    entityId: String(raw.entity_id),
    enabled: boolValue(raw.enabled, false),
    value: (jsonValue(raw.value) ?? null) as JsonValue,
    expiresAt: iso(raw.expires_at),
    ...timestamps(raw),
  };
}

export function mapScheduledChange(
  raw: Row,
  flags: ReadonlySet<string>,
  source: string,
  report: LitestarReport,
): Row | null {
  const id = uuidValue(raw.id);
  const flagId = flagOf(raw, flags, source, 'scheduled change', report);
  if (flagId === null) return null;
  if (id === null) {
    report.add(source, 'skipped', `scheduled change without a valid id (${JSON.stringify(raw.id)})`);
    return null;
  }
  const executed = boolValue(raw.executed, false);
  const scheduledAt = iso(raw.scheduled_at);
  if (!executed && scheduledAt !== null && scheduledAt < new Date().toISOString()) {
    report.add(
      source,
      'review',
      `pending change due ${scheduledAt}: litestar never applied it; the @flags scheduler will, as soon as it runs`,
    );
  }
  return {
    id,
    flagId,
    changeType: enumValue(raw.change_type) ?? 'enable',
    scheduledAt,
    executed,
    executedAt: iso(raw.executed_at),
    newValue: (jsonValue(raw.new_value) ?? null) as JsonValue,
    newRolloutPercentage: typeof raw.new_rollout_percentage === 'number' ? raw.new_rollout_percentage : null,
    createdBy: typeof raw.created_by === 'string' ? raw.created_by : null,
    ...timestamps(raw),
  };
}

/**
 * litestar stores time schedules but never applies them (its evaluator ignores them). Imported as they
 * are, they would start switching flags off; they are imported disabled, each reported, so the switch
 * is a decision.
 */
export function mapTimeSchedule(
  raw: Row,
  flags: ReadonlySet<string>,
  source: string,
  report: LitestarReport,
): Row | null {
  const id = uuidValue(raw.id);
  const flagId = flagOf(raw, flags, source, 'time schedule', report);
  if (flagId === null) return null;
  if (id === null) {
    report.add(source, 'skipped', `time schedule without a valid id (${JSON.stringify(raw.id)})`);
    return null;
  }
  const enabled = boolValue(raw.enabled, true);
  if (enabled) {
    report.add(
      source,
      'changed',
      `time schedule "${String(raw.name)}" imported disabled: litestar never applied it; enable it to let it switch the flag`,
    );
  }
  const list = (value: unknown) => {
    const parsed = jsonValue(value);
    return Array.isArray(parsed) ? parsed : null;
  };
  return {
    id,
    flagId,
    name: typeof raw.name === 'string' ? raw.name : '',
    recurrenceType: enumValue(raw.recurrence_type) ?? 'daily',
    startTime: timeValue(raw.start_time) ?? '00:00:00',
    endTime: timeValue(raw.end_time) ?? '23:59:00',
    daysOfWeek: list(raw.days_of_week),
    daysOfMonth: list(raw.days_of_month),
    cronExpression: typeof raw.cron_expression === 'string' ? raw.cron_expression : null,
    timezone: typeof raw.timezone === 'string' && raw.timezone !== '' ? raw.timezone : 'UTC',
    enabled: false,
    validFrom: iso(raw.valid_from),
    validUntil: iso(raw.valid_until),
    ...timestamps(raw),
  };
}

export function mapRolloutPhase(
  raw: Row,
  flags: ReadonlySet<string>,
  seenPhases: Set<string>,
  source: string,
  report: LitestarReport,
): Row | null {
  const id = uuidValue(raw.id);
  const flagId = flagOf(raw, flags, source, 'rollout phase', report);
  if (flagId === null) return null;
  if (id === null) {
    report.add(source, 'skipped', `rollout phase without a valid id (${JSON.stringify(raw.id)})`);
    return null;
  }
  const phaseNumber = Number(raw.phase_number);
  const slot = `${flagId}:${phaseNumber}`;
  if (seenPhases.has(slot)) {
    report.add(
      source,
      'skipped',
      `a second phase ${phaseNumber} of the same flag (@flags keeps phase numbers unique per flag)`,
    );
    return null;
  }
  seenPhases.add(slot);
  return {
    id,
    flagId,
    phaseNumber,
    targetPercentage: Number(raw.target_percentage),
    scheduledAt: iso(raw.scheduled_at),
    executed: boolValue(raw.executed, false),
    executedAt: iso(raw.executed_at),
    ...timestamps(raw),
  };
}

export function mapSegment(raw: Row, source: string, report: LitestarReport): Row | null {
  const id = uuidValue(raw.id);
  if (id === null || typeof raw.name !== 'string') {
    report.add(source, 'skipped', 'segment without a valid id or name');
    return null;
  }
  return {
    id,
    name: raw.name,
    description: typeof raw.description === 'string' ? raw.description : null,
    conditions: mapConditions(raw.conditions, source, report),
    parentSegmentId: uuidValue(raw.parent_segment_id),
    enabled: boolValue(raw.enabled, true),
    ...timestamps(raw),
  };
}
