/** Readers for litestar-flags' spellings of values, which differ per store (see the layouts). */

/** A lowercase enum value from Redis/bootstrap (`"boolean"`) or an uppercase SQL member name (`BOOLEAN`). */
export function enumValue(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : null;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A UUID as a hyphenated lowercase string: from a string, or SQLite/MySQL's 16 bytes (`uuid.bytes`). */
export function uuidValue(value: unknown): string | null {
  if (value instanceof Uint8Array && value.length === 16) {
    const hex = Array.from(value, (byte) => HEX[byte]).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (typeof value !== 'string') return null;
  const hex = value
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/[{}-]/g, '');
  // The literal "None" is what a writer that never set an id leaves: corrupt, not an id.
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A datetime: Python `isoformat()` with any offset (Redis), naive UTC text `YYYY-MM-DD HH:MM:SS.ffffff`
 * (SQLite), or a driver's `Date` (PostgreSQL, MySQL). Naive values are UTC. Microseconds are cut to
 * milliseconds (what a JavaScript `Date` holds).
 */
export function dateValue(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  let text = value.trim().replace(' ', 'T');
  text = text.replace(/(\.\d{3})\d+/, '$1');
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) && /T/.test(text)) text += 'Z';
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00:00Z';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A time of day `HH:MM[:SS[.ffffff]]` → `HH:MM:SS` (fractions are dropped), or null. */
export function timeValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  return match ? `${match[1]}:${match[2]}:${match[3] ?? '00'}` : null;
}

/** A JSON column: SQL text (`'null'`, `'{…}'`), a number SQLite stored with numeric affinity, or a parsed value. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (value instanceof Uint8Array) return jsonValue(new TextDecoder().decode(value));
  return value ?? null;
}

/** A boolean from JSON, SQLite's 0/1 or MySQL's tinyint; `fallback` for null (the model default). */
export function boolValue(value: unknown, fallback: boolean): boolean {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'number') return value !== 0;
  return value === true;
}
