/**
 * Every ```ts block of the package README is a complete program: each one type-checks (strict, against
 * the workspace sources) and runs to completion with the output its comments show.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '..');
const repoRoot = join(packageDir, '..', '..');
// Inside the package (its dependencies resolve from there), ignored by git and the linters.
const workDir = join(packageDir, '.readme-programs');
const programs = [...readFileSync(join(packageDir, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1]!,
);

describe('README programs', () => {
  mkdirSync(workDir, { recursive: true });
  const tsconfig = join(workDir, 'tsconfig.json');
  writeFileSync(join(workDir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(tsconfig, JSON.stringify({ extends: join(repoRoot, 'tsconfig.json'), include: ['*.ts'] }));
  const files = programs.map((source, index) => {
    const file = join(workDir, `program-${index}.ts`);
    writeFileSync(file, source);
    return file;
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('the README has programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(2);
  });

  it('all type-check', async () => {
    await run(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], { cwd: workDir });
  }, 120_000);

  it.each(files.map((file, index) => [index, file] as const))(
    'program %i runs and prints what it says',
    async (_i, file) => {
      const { stdout } = await run(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['--tsconfig', tsconfig, file], {
        cwd: workDir,
        timeout: 60_000,
      });
      const source = programs[files.indexOf(file)]!;
      for (const [, expected] of source.matchAll(/console\.log\([^;]*\); \/\/ (.+)$/gm)) {
        expect(stdout).toContain(expected!.trim());
      }
    },
    120_000,
  );
});
