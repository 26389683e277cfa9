export { DOCUMENT_SCHEMA } from './document-schema.js';
export { type ExportOptions, exportDocument, exportEntries } from './export.js';
export {
  DOCUMENT_FORMAT,
  DOCUMENT_VERSION,
  type PortableDocumentObject,
  type PortableHeader,
  type PortableRecord,
  RECORD_KINDS,
  type RecordKind,
} from './format.js';
export { copyStorage, importDocument, importEntries } from './import.js';
export type {
  ImportChange,
  ImportMode,
  ImportOptions,
  ImportProgress,
  ImportResult,
  KindCounts,
} from './import-options.js';
export { type DocumentSource, readDocumentEntries, toNdjsonStream } from './ndjson.js';
export { type DecodedRecord, decodeRecord, encodeRecord } from './records.js';
