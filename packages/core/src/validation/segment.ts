import * as v from 'valibot';
import type { SegmentInput } from '../models/inputs.js';
import { LIMITS } from '../models/limits.js';
import type { Segment } from '../models/segment.js';
import { generateId } from '../util/ids.js';
import { conditionSchema } from './condition.js';
import { parseModel } from './issues.js';
import {
  booleanWithDefault,
  crossFieldCheck,
  isRecord,
  listOf,
  model,
  nonEmptyString,
  nullableNonEmptyString,
  nullableString,
  optionalDate,
  optionalId,
  versionSchema,
} from './primitives.js';

const segmentSchema = v.pipe(
  model({
    id: optionalId,
    name: nonEmptyString,
    description: nullableString,
    conditions: v.optional(listOf(conditionSchema, LIMITS.maxConditions, 'conditions'), () => []),
    parentSegmentId: nullableNonEmptyString,
    enabled: booleanWithDefault(true),
    version: versionSchema,
    createdAt: optionalDate,
    updatedAt: optionalDate,
  }),
  crossFieldCheck((segment, report) => {
    if (!isRecord(segment)) return;
    if (typeof segment.id === 'string' && segment.parentSegmentId === segment.id) {
      report(['parentSegmentId'], 'a segment cannot be its own parent');
    }
  }),
  v.transform((s): Segment => {
    const now = Date.now();
    return {
      id: s.id ?? generateId(),
      name: s.name,
      description: s.description,
      conditions: s.conditions,
      parentSegmentId: s.parentSegmentId,
      enabled: s.enabled,
      version: s.version,
      createdAt: s.createdAt ?? new Date(now),
      updatedAt: s.updatedAt ?? new Date(now),
    };
  }),
);

/**
 * Validates a segment and returns a new, fully defaulted {@link Segment} sharing nothing with `input`;
 * generates a UUID v7 `id` when absent; keeps a given `version`/`createdAt`/`updatedAt` (1 / now / now).
 * Longer parent cycles need the store and are never matched at evaluation time.
 * @throws ValidationError e.g. `parentSegmentId: a segment cannot be its own parent`.
 */
export function createSegment(input: SegmentInput): Segment {
  return parseModel(segmentSchema, input, 'segment');
}
