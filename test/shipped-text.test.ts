/**
 * What ships speaks to users: no source file or README of a published package (nor the root README)
 * refers to files users do not have — the team's design notes (`DESIGN.md`, "DESIGN §4").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicPackages, repoRoot } from './support/workspace.js';

const INTERNAL_REFERENCE = /\bDESIGN(?:\.md|\s*§)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('shipped text', () => {
  it('no src/ file or README refers to the internal design notes', () => {
    const files = [
      join(repoRoot, 'README.md'),
      ...publicPackages().flatMap((pkg) => [join(pkg.dir, 'README.md'), ...filesUnder(join(pkg.dir, 'src'))]),
    ];
    const offending = files.filter((file) => INTERNAL_REFERENCE.test(readFileSync(file, 'utf8')));
    expect(offending.map((file) => relative(repoRoot, file))).toStrictEqual([]);
  });

  it('the pattern catches both forms (sanity)', () => {
    expect(
      ['see DESIGN §4', 'per DESIGN.md', 'DESIGNER', 'design'].map((text) => INTERNAL_REFERENCE.test(text)),
    ).toStrictEqual([true, true, false, false]);
  });
});
