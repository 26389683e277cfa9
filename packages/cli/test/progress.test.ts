/**
 * The progress bar of imports and copies: drawn on stderr when stderr is a terminal, never when it
 * is not (a pipe, a file), never with --json or --no-progress, and never under a few hundred records.
 * Stdout keeps only the result either way. (The child-process tests in cli.test.ts run with pipes.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { exportDocument } from '@flags/core';
import { MemoryStorageBackend } from '@flags/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, EXIT_OK, run } from '../src/index.js';
import { seed } from './support/dataset.js';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  // What cli-progress asks a terminal.
  columns = 100;
  cursorTo(): boolean {
    return true;
  }
  clearLine(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'flags-cli-progress-'));
const big = join(dir, 'big.ndjson');
const small = join(dir, 'small.ndjson');

beforeAll(async () => {
  const store = new MemoryStorageBackend();
  await seed(store, 400);
  writeFileSync(big, await new Response(exportDocument(store)).text());
  writeFileSync(small, `${JSON.stringify({ format: '@flags', version: 1 })}\n{"kind":"flag","data":{"key":"one"}}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importWith(file: string, stderrIsTTY: boolean, ...flags: string[]) {
  const io = { stdout: new Capture(false), stderr: new Capture(stderrIsTTY), env: {} };
  const code = await run(['import', file, '--url', 'memory:', ...flags], io as unknown as CliIo);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('progress bar', () => {
  it('is drawn on stderr when stderr is a terminal, for an import of hundreds of records', async () => {
    const result = await importWith(big, true);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toMatch(/checking .* records/);
    expect(result.stderr).toMatch(/writing .* records/);
    expect(result.stdout).not.toMatch(/records \|/);
    expect(result.stdout).toContain('created:');
  });

  it('is not drawn when stderr is not a terminal', async () => {
    const result = await importWith(big, false);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe('');
  });

  it('is not drawn with --json or --no-progress, nor for a few records', async () => {
    expect((await importWith(big, true, '--json')).stderr).toBe('');
    expect((await importWith(big, true, '--no-progress')).stderr).toBe('');
    expect((await importWith(small, true)).stderr).toBe('');
  });
});
