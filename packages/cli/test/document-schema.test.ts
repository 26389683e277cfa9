import { exportDocument, readDocumentEntries, ValidationError } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { describe, expect, it } from 'vitest';
import { validatedBySchema } from '../src/document-schema.js';
import { seed } from './support/dataset.js';

async function drain(entries: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of entries) n++;
  return n;
}

describe("core's DOCUMENT_SCHEMA, as the CLI applies it", () => {
  it('accepts every line of an export', async () => {
    const store = new MemoryStorageBackend();
    await seed(store);
    const text = await new Response(exportDocument(store)).text();
    expect(await drain(validatedBySchema(readDocumentEntries(text)))).toBe(text.trimEnd().split('\n').length);
  });

  it('rejects what only the schema catches (an unknown field on a record envelope), naming the record', async () => {
    const text = `{"format":"@flags","version":1}\n{"kind":"flag","data":{"key":"a"},"extra":true}\n`;
    const error = await drain(validatedBySchema(readDocumentEntries(text))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('record 2');
  });

  it("prefers core's message when core catches the same problem", async () => {
    const text = `{"format":"@flags","version":1}\n{"kind":"flag","data":{"key":"a","rules":[{"conditions":[{"attribute":"x","operator":"equals"}]}]}}\n`;
    const error = await drain(validatedBySchema(readDocumentEntries(text))).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      'record 2 (flag "a").rules[0].conditions[0].operator: unknown operator "equals"',
    );
  });
});
