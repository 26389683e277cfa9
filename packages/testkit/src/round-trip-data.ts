import type { JsonObject } from '@flags/core';

/** Strings stores like to mangle: look-alikes of numbers, JSON and null, whitespace, unicode, quoting. */
export const TRICKY_STRINGS: readonly string[] = [
  '',
  ' ',
  '  padded  ',
  '007',
  '1e3',
  '-0',
  'NaN',
  'true',
  'null',
  'undefined',
  '{"a":1}',
  '[1,2]',
  '"quoted"',
  "it's",
  'back\\slash',
  'line\nbreak\r\n\ttab',
  'émoji 🚀 👩‍👩‍👧 family',
  '中文字符',
  'עברית ו-العربية',
  'Z\u0301a\u0308lgo combining',
  'separators \u2028 \u2029',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder is the point: it must not be interpolated
  '%s %d {{x}} ${x}',
  "'; DROP TABLE flags; --",
];

/** Numbers that must come back bit-for-bit (zero is falsy, so it catches `|| null`). */
export const TRICKY_NUMBERS: readonly number[] = [
  0,
  -1,
  1.5,
  0.30000000000000004,
  1e-7,
  123456789012,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
];

/** Dates with milliseconds, on both sides of 2038 (32-bit TIMESTAMP columns end there). */
export const TRICKY_DATES: readonly Date[] = [
  new Date('2030-01-01T00:00:00.000Z'),
  new Date('2031-07-04T12:34:56.789Z'),
  new Date('2039-01-19T03:14:08.001Z'),
];

/** Nested JSON with every value kind, empty containers, nulls and awkward keys. */
export const NESTED_JSON: JsonObject = {
  string: 'text',
  numbers: [...TRICKY_NUMBERS],
  strings: [...TRICKY_STRINGS],
  booleans: [true, false],
  nothing: null,
  emptyObject: {},
  emptyArray: [],
  arrayOfObjects: [
    { id: 1, tags: ['a'] },
    { id: 2, tags: [] },
    { id: 3, nested: { deep: null } },
  ],
  deep: { l1: { l2: { l3: { l4: { l5: [1, [2, [3, [4, { end: true }]]]] } } } } },
  'with.dot': 1,
  'with space': 2,
  $dollar: 3,
  'ünïcødé 🔑': 4,
  '': 'empty key',
  '123': 'numeric key',
  constructor: 'not a function',
  toString: 'not a function either',
};

/** About `kilobytes` KB of metadata spread over many keys, plus one long string. */
export function largeMetadata(kilobytes: number): JsonObject {
  const metadata: JsonObject = {};
  const chunk = 'x'.repeat(480);
  for (let i = 0; i < kilobytes; i++) metadata[`key-${i}`] = `${i}:${chunk}:é🚀`;
  metadata.long = 'long value '.repeat(6_000);
  return metadata;
}
