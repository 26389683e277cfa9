import type { ModelKind } from '../codec/codec.js';

/** The `format` of every portable document. */
export const DOCUMENT_FORMAT = '@flags';
/** The document version this core writes and reads. */
export const DOCUMENT_VERSION = 1;

/**
 * The first entry of a portable document. An NDJSON document is this header on line 1, then one
 * {@link PortableRecord} per line.
 */
export interface PortableHeader {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_VERSION;
  /** When the export started (ISO-8601). */
  exportedAt?: string;
}

/** What a record holds: the same names as core's models. */
export type RecordKind = ModelKind;

/** Every record kind, in the order an export writes them (a record only refers to earlier kinds). */
export const RECORD_KINDS: readonly RecordKind[] = [
  'segment',
  'flag',
  'timeSchedule',
  'scheduledChange',
  'rolloutPhase',
  'override',
];

/**
 * One record of a document: the model's JSON (dates as ISO-8601 strings, ids kept). A flag's record is
 * the flag without `timeSchedules`, which are records of their own.
 */
export interface PortableRecord {
  kind: RecordKind;
  data: Record<string, unknown>;
}

/**
 * The whole-object form of a document, for small files written by hand: the header's fields plus one
 * array per kind. Import reads it as well as NDJSON; export writes NDJSON.
 */
export interface PortableDocumentObject extends PortableHeader {
  segments?: Record<string, unknown>[];
  flags?: Record<string, unknown>[];
  timeSchedules?: Record<string, unknown>[];
  scheduledChanges?: Record<string, unknown>[];
  rolloutPhases?: Record<string, unknown>[];
  overrides?: Record<string, unknown>[];
}

/** The array of {@link PortableDocumentObject} that holds each kind. */
export const ARRAY_OF_KIND: Record<RecordKind, keyof PortableDocumentObject> = {
  segment: 'segments',
  flag: 'flags',
  timeSchedule: 'timeSchedules',
  scheduledChange: 'scheduledChanges',
  rolloutPhase: 'rolloutPhases',
  override: 'overrides',
};
