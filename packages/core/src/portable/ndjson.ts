import { ValidationError } from '../errors.js';
import { ARRAY_OF_KIND, type PortableDocumentObject, RECORD_KINDS } from './format.js';

/** Bytes or text of a document: a web stream (`fetch`, `Readable.toWeb`), any async iterable of chunks, or a string. */
export type DocumentSource =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<string>
  | string;

function invalid(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }], 'document');
}

async function* chunksOf(source: DocumentSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const iterable: AsyncIterable<Uint8Array | string> | Iterable<string> =
    typeof (source as ReadableStream).getReader === 'function'
      ? readStream(source as ReadableStream<Uint8Array>)
      : (source as AsyncIterable<Uint8Array | string>);
  try {
    for await (const chunk of iterable) {
      yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    }
    yield decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) throw invalid('', 'is not UTF-8 text');
    throw error;
  }
}

// Not every runtime makes ReadableStream async-iterable (Safari, older Node typings), so read it by hand.
async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The lines of a text source, with their 1-based numbers; the text is never held whole. */
async function* linesOf(source: DocumentSource): AsyncGenerator<{ text: string; line: number }> {
  let pending = '';
  let line = 0;
  for await (const chunk of chunksOf(source)) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n', start); end >= 0; end = pending.indexOf('\n', start)) {
      line++;
      yield { text: pending.slice(start, end), line };
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending.length > 0) yield { text: pending, line: line + 1 };
}

function isDocumentObject(value: unknown): value is PortableDocumentObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return RECORD_KINDS.some((kind) => ARRAY_OF_KIND[kind] in value);
}

function* entriesOfObject(document: PortableDocumentObject): Generator<unknown> {
  const header: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (!RECORD_KINDS.some((kind) => ARRAY_OF_KIND[kind] === key)) header[key] = value;
  }
  yield header;
  for (const kind of RECORD_KINDS) {
    const list = document[ARRAY_OF_KIND[kind]];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw invalid(ARRAY_OF_KIND[kind], 'must be an array');
    for (const data of list) yield { kind, data };
  }
}

/**
 * The entries of a document — the header first, then each record as parsed JSON, not yet validated —
 * read from NDJSON one line at a time, so a document of any size streams through in constant memory.
 * The whole-object form (`{ "format": "@flags", "version": 1, "flags": [ … ], … }`) is read too; it
 * is parsed at once, so keep it for small files.
 * @throws ValidationError naming the line when a line is not JSON, or the text is not UTF-8.
 */
export async function* readDocumentEntries(source: DocumentSource): AsyncGenerator<unknown> {
  const iterator = linesOf(source);
  // Iterated by hand after the first line: `break` in a for-await would close the generator.
  const lines = { [Symbol.asyncIterator]: () => iterator };
  let first: { text: string; line: number } | undefined;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    if (next.value.text.trim() !== '') {
      first = next.value;
      break;
    }
  }
  if (first === undefined) throw invalid('', 'is empty: expected a header {"format":"@flags","version":1}');
  let header: unknown;
  try {
    header = JSON.parse(first.text);
  } catch {
    // A pretty-printed whole-object document: its first line is not JSON on its own.
    let text = first.text;
    for await (const entry of lines) text += `\n${entry.text}`;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw invalid(`line ${first.line}`, `is not JSON (${(error as Error).message})`);
    }
    if (!isDocumentObject(document)) yield document;
    else yield* entriesOfObject(document);
    return;
  }
  if (isDocumentObject(header)) {
    yield* entriesOfObject(header);
    return;
  }
  yield header;
  for await (const { text, line } of lines) {
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text);
    } catch (error) {
      if (error instanceof SyntaxError) throw invalid(`line ${line}`, `is not JSON (${error.message})`);
      throw error;
    }
  }
}

/** NDJSON text of `entries`, one JSON value per line, as a web stream of UTF-8 bytes. */
export function toNdjsonStream(entries: AsyncIterable<unknown>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = entries[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Several lines per chunk: one enqueue per record would dominate the cost of small records.
      let text = '';
      while (text.length < 64 * 1024) {
        const next = await iterator.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += `${JSON.stringify(next.value)}\n`;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
