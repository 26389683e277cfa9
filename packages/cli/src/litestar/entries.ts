import { DOCUMENT_FORMAT, DOCUMENT_VERSION, decodeRecord, ValidationError } from '@flags/core';
import type { LitestarData } from './data.js';
import { mapFlag } from './map-flag.js';
import { mapOverride, mapRolloutPhase, mapScheduledChange, mapSegment, mapTimeSchedule } from './map-records.js';
import type { LitestarReport } from './report.js';

type Row = Record<string, unknown>;

/**
 * The litestar data as @flags document entries. Each mapped record is validated here with core's
 * constructors: one that does not validate is reported and left out (with everything that belongs to
 * it), instead of failing the whole import — so every record is either imported or in the report.
 */
export function* litestarEntries(data: LitestarData, report: LitestarReport): Generator<unknown> {
  yield { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION };
  let position = 1;
  const valid = (kind: string, record: Row | null, source: string): boolean => {
    if (record === null) return false;
    try {
      decodeRecord({ kind, data: record }, ++position);
      return true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      report.add(
        source,
        'skipped',
        error.issues
          .map((issue) => `${issue.path.replace(/^record \d+ \([^)]*\)\.?/, '')}: ${issue.message}`)
          .join('; '),
      );
      return false;
    }
  };
  for (const { source, message } of data.unmappable) report.add(source, 'skipped', message);
  for (const { row, source } of data.segments) {
    const segment = mapSegment(row, source, report);
    if (valid('segment', segment, source)) yield { kind: 'segment', data: segment };
  }
  const flags = new Set<string>();
  const keys = new Set<string>();
  for (const { row, source, withRulesAndVariants } of data.flags) {
    const flag = mapFlag(row, source, report, withRulesAndVariants);
    if (flag !== null && keys.has(String(flag.key))) {
      report.add(source, 'skipped', `a second flag with key "${String(flag.key)}"`);
      continue;
    }
    if (!valid('flag', flag, source) || flag === null) continue;
    flags.add(String(flag.id));
    keys.add(String(flag.key));
    yield { kind: 'flag', data: flag };
  }
  for (const { row, source } of data.timeSchedules) {
    const schedule = mapTimeSchedule(row, flags, source, report);
    if (valid('timeSchedule', schedule, source)) yield { kind: 'timeSchedule', data: schedule };
  }
  for (const { row, source } of data.scheduledChanges) {
    const change = mapScheduledChange(row, flags, source, report);
    if (valid('scheduledChange', change, source)) yield { kind: 'scheduledChange', data: change };
  }
  const phases = new Set<string>();
  for (const { row, source } of data.rolloutPhases) {
    const phase = mapRolloutPhase(row, flags, phases, source, report);
    if (valid('rolloutPhase', phase, source)) yield { kind: 'rolloutPhase', data: phase };
  }
  const now = Date.now();
  for (const { row, source } of data.overrides) {
    const override = mapOverride(row, flags, source, report);
    if (override !== null && typeof override.expiresAt === 'string' && Date.parse(override.expiresAt) <= now) {
      report.add(source, 'skipped', `expired at ${override.expiresAt} (litestar no longer serves it either)`);
      continue;
    }
    if (valid('override', override, source)) yield { kind: 'override', data: override };
  }
  report.close();
}
