/**
 * Every ```ts block of every README (root, packages, examples) is a complete program that
 * type-checks (strict, against the workspace's sources), or names the file it is part of (its
 * first line `// path`, checked verbatim against that file, which CI type-checks). The programs
 * that need no server we lack (memory, SQLite, the test PostgreSQL as `DATABASE_URL`) run as child processes, twice:
 * each must exit 0 both times — re-runnable, and nothing left open.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReadmeBlock, readmeBlocks, readmes, typeCheck } from './support/readme-programs.js';
import { snippetMismatch } from './support/snippets.js';
import { repoRoot } from './support/workspace.js';

const run = promisify(execFile);
const PG_URL = process.env.FLAGS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a named block's file is looked for: beside its README, or in the example the testkit README walks through. */
const NAMED_FILE_BASES = [
  (block: ReadmeBlock) => dirname(block.readme),
  () => join(repoRoot, 'examples', 'custom-backend'),
];

/**
 * Programs not run here: those that talk to servers the test machine does not have (hosts of the
 * docs, Upstash, passwords), and test files (vitest runs those).
 */
const NOT_RUN_HERE =
  /10\.0\.|@db:|UPSTASH_|:password@|process\.env\.REDIS_URL|flags-storage-json-file|@flags\/testkit|from 'vitest'/;

const blocks = readmes().flatMap(readmeBlocks);
const existingFile = (block: ReadmeBlock) =>
  block.names === null
    ? null
    : (NAMED_FILE_BASES.map((base) => join(base(block), block.names!)).find((path) => existsSync(path)) ?? null);
const programs = blocks.filter((block) => existingFile(block) === null);
const runnable = programs.filter((block) => block.names === null && !NOT_RUN_HERE.test(block.code));

describe('README TypeScript blocks', () => {
  it('are found in every README that has them', () => {
    const withBlocks = new Set(blocks.map((block) => relative(repoRoot, block.readme)));
    for (const readme of ['README.md', 'packages/core/README.md', 'packages/storage-drizzle/README.md']) {
      expect(withBlocks).toContain(readme);
    }
    expect(runnable.length).toBeGreaterThanOrEqual(8);
  });

  it('that name a file are that file, or verbatim excerpts of it', () => {
    const problems = blocks.flatMap((block) => {
      const file = existingFile(block);
      if (file === null) return [];
      const excerpt = block.code.split('\n', 1)[0]!.endsWith('(excerpt)');
      const code = block.code.split('\n').slice(1).join('\n');
      const mismatch = snippetMismatch({ file, excerpt, code }, readFileSync(file, 'utf8'));
      return mismatch ? [`${block.label} (${block.names}): ${mismatch}`] : [];
    });
    expect(problems).toStrictEqual([]);
  });

  it('are otherwise complete programs that type-check', () => {
    const files = new Map(programs.map((block) => [block.path, { label: block.label, code: block.code }]));
    const extraPaths = { 'flags-storage-json-file': ['./examples/custom-backend/src/index.ts'] };
    expect(typeCheck(files, extraPaths)).toStrictEqual([]);
  }, 120_000);

  describe('runnable programs exit 0, twice', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'flags-readme-'));
    afterAll(() => {
      for (const block of runnable) rmSync(dirname(block.path), { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    });

    it.concurrent.each(runnable.map((block) => [block.label, block] as const))(
      '%s',
      async (_label, block) => {
        mkdirSync(dirname(block.path), { recursive: true });
        writeFileSync(block.path, block.code);
        const tsconfig = join(dirname(block.path), 'tsconfig.json');
        writeFileSync(tsconfig, JSON.stringify({ extends: join(repoRoot, 'tsconfig.json'), include: ['*.ts'] }));
        // Its own folder for files it makes (a SQLite database), kept between the two runs.
        const cwd = mkdtempSync(join(scratch, 'run-'));
        for (const attempt of ['first', 'second']) {
          const result = await run(
            join(repoRoot, 'node_modules', '.bin', 'tsx'),
            ['--tsconfig', tsconfig, block.path],
            {
              cwd,
              env: { PATH: process.env.PATH ?? '', DATABASE_URL: PG_URL },
              timeout: 60_000,
            },
          ).catch((error: { code?: number; stderr?: string; killed?: boolean }) => error);
          const failed = 'code' in result || 'killed' in result;
          expect(failed, `${attempt} run: ${failed ? `${(result as { stderr?: string }).stderr}` : ''}`).toBe(false);
        }
      },
      150_000,
    );
  });
});
