import { ValidationError } from '../errors.js';
import type { FeatureFlag } from '../models/flag.js';
import type { FlagOverride } from '../models/override.js';
import type { TimeSchedule } from '../models/schedule.js';
import type { Segment } from '../models/segment.js';
import { type DocumentSource, readDocumentEntries } from '../portable/ndjson.js';
import { decodeRecord } from '../portable/records.js';
import { headerIssue } from '../portable/validate-pass.js';
import { entityKey } from './entity-overrides.js';

/** What a portable document holds for evaluation. */
export interface BootstrapData {
  flags: FeatureFlag[];
  segments: Segment[];
  /** Overrides by entity key. */
  overrides: Map<string, FlagOverride[]>;
}

/**
 * Reads a portable document (as `exportDocument` writes it) into flags (with their time schedules),
 * segments and overrides. Scheduled changes and rollout phases are skipped: they change nothing
 * until they run against the store.
 * @throws ValidationError when the document does not validate.
 */
export async function readBootstrap(source: DocumentSource): Promise<BootstrapData> {
  const flags: FeatureFlag[] = [];
  const segments: Segment[] = [];
  const schedules: TimeSchedule[] = [];
  const overrides = new Map<string, FlagOverride[]>();
  let position = 0;
  for await (const entry of readDocumentEntries(source)) {
    position++;
    if (position === 1) {
      const issue = headerIssue(entry);
      if (issue !== null) throw new ValidationError([issue], 'document');
      continue;
    }
    const record = decodeRecord(entry, position);
    if (record.kind === 'flag') flags.push({ ...record.model, timeSchedules: [] });
    else if (record.kind === 'segment') segments.push(record.model);
    else if (record.kind === 'timeSchedule') schedules.push(record.model);
    else if (record.kind === 'override') {
      const key = entityKey(record.model.entityType, record.model.entityId);
      const list = overrides.get(key);
      if (list === undefined) overrides.set(key, [record.model]);
      else list.push(record.model);
    }
  }
  const byId = new Map(flags.map((flag) => [flag.id, flag]));
  for (const schedule of schedules) byId.get(schedule.flagId)?.timeSchedules.push(schedule);
  return { flags, segments, overrides };
}
