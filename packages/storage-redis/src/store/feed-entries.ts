import type { ChangeKind, OverrideEntity, StorageChange } from '@flags/core';
import { StorageError } from '@flags/core';
import { PACKAGE } from '../errors.js';

// A feed member is `<recorded at ms>:<revision>:<fields>`, the fields being kind, id, op, flag key,
// entity type and entity id, each as `<byte length>:<bytes>` (an empty field: absent). Byte lengths,
// because the scripts that write members measure strings in bytes; no JSON, so no escaping anywhere.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One field as the scripts write it. */
export function field(value: string | undefined): string {
  const text = value ?? '';
  return `${encoder.encode(text).length}:${text}`;
}

/**
 * The arguments one change adds to a write script: the fields before the flag key, the flag key when
 * known, else the key to GET it from (`flag_id:<id>`), and the fields after it.
 */
export function changeArguments(
  kind: ChangeKind,
  id: string,
  op: StorageChange['op'],
  flag: { key: string } | { idKey: string } | null,
  entity?: OverrideEntity,
): string[] {
  const head = field(kind) + field(id) + field(op);
  const key = flag !== null && 'key' in flag ? flag.key : '';
  const lookup = flag !== null && 'idKey' in flag ? flag.idKey : '';
  return [head, key, lookup, field(entity?.entityType) + field(entity?.entityId)];
}

/** Decodes a feed member read back from the sorted set. */
export function decodeMember(member: string): StorageChange {
  const bytes = encoder.encode(member);
  let at = 0;
  const until = (stop: number): string => {
    const end = bytes.indexOf(stop, at);
    if (end < 0) throw new StorageError(`${PACKAGE} a change feed entry is malformed`);
    const text = decoder.decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const colon = 58;
  until(colon); // recorded at
  const revision = Number(until(colon));
  const fields: string[] = [];
  for (let i = 0; i < 6; i++) {
    const length = Number(until(colon));
    if (!Number.isSafeInteger(length) || at + length > bytes.length) {
      throw new StorageError(`${PACKAGE} a change feed entry is malformed`);
    }
    fields.push(decoder.decode(bytes.subarray(at, at + length)));
    at += length;
  }
  const [kind, id, op, flagKey, entityType, entityId] = fields as [string, string, string, string, string, string];
  const change: { -readonly [K in keyof StorageChange]: StorageChange[K] } = {
    revision,
    kind: kind as ChangeKind,
    id,
    op: op as StorageChange['op'],
  };
  if (flagKey !== '') change.flagKey = flagKey;
  if (entityType !== '') change.entity = { entityType, entityId };
  return change;
}
