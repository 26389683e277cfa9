/**
 * A third party's backend, proven the way a third party proves it: `examples/custom-backend/` is
 * copied outside the workspace, installs `@flags/core`, `@flags/storage-memory` (which it builds on)
 * and `@flags/testkit` from the packed tarballs (the rest from the registry), type-checks, builds,
 * and passes `runStorageConformance` with no skip but the ones it declares (none). Takes a minute or
 * so (npm installs vitest and typescript).
 */
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutsideProject } from './support/outside-project.js';
import { packWorkspacePackages } from './support/pack.js';
import { repoRoot } from './support/workspace.js';

const EXAMPLE = join(repoRoot, 'examples', 'custom-backend');
const OURS = ['@flags/core', '@flags/storage-memory', '@flags/testkit'] as const;

/** The sections of a package.json that name dependencies. */
type DependencyLists = Record<'dependencies' | 'peerDependencies' | 'devDependencies', Record<string, string>>;

/**
 * Points the example's own dependency entries on our packages at the tarballs (`file:` specs), where
 * they stand (runtime dependency or dev dependency), as a project trying unpublished packages does.
 */
function pointAtTarballs(dir: string, tarballs: Map<string, string>): void {
  const file = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as DependencyLists;
  for (const section of ['dependencies', 'devDependencies'] as const) {
    for (const name of Object.keys(manifest[section] ?? {})) {
      const tarball = tarballs.get(name);
      if (tarball) manifest[section][name] = `file:${tarball}`;
    }
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The fields of vitest's JSON report this test reads. */
interface VitestReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

describe('examples/custom-backend as an outside project', () => {
  const workRoot = mkdtempSync(join(tmpdir(), 'flags-custom-backend-'));
  afterAll(() => rmSync(workRoot, { recursive: true, force: true }));

  it('installs core, storage-memory and testkit from tarballs, type-checks, builds and passes the conformance suite', async () => {
    const tarballs = await packWorkspacePackages(OURS, join(workRoot, 'tarballs'));
    const dir = join(workRoot, 'custom-backend');
    cpSync(EXAMPLE, dir, {
      recursive: true,
      filter: (source) => !['node_modules', 'dist'].includes(basename(source)),
    });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as DependencyLists;
    // What the example builds on is a runtime dependency; core is the app's (a peer); the testkit is for tests.
    expect(Object.keys(manifest.dependencies)).toStrictEqual(['@flags/storage-memory']);
    expect(Object.keys(manifest.peerDependencies)).toStrictEqual(['@flags/core']);
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['@flags/core', '@flags/testkit']));
    pointAtTarballs(dir, tarballs);
    const project = new OutsideProject(dir);
    await project.npm(['install']);

    // Installed for real (copied out of the tarball), not linked back into the workspace, one copy of core.
    for (const name of OURS) {
      const installed = join(dir, 'node_modules', name);
      expect(lstatSync(installed).isSymbolicLink(), name).toBe(false);
      expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).name).toBe(name);
    }
    for (const dependent of ['@flags/storage-memory', '@flags/testkit']) {
      expect(existsSync(join(dir, 'node_modules', dependent, 'node_modules', '@flags', 'core')), dependent).toBe(false);
    }

    await project.npm(['run', 'typecheck']);
    await project.npm(['run', 'build']);
    await project.npm(['test', '--', '--reporter=json', '--outputFile=vitest-report.json'], 600_000);
    const report = JSON.parse(readFileSync(join(dir, 'vitest-report.json'), 'utf8')) as VitestReport;
    expect(report.success).toBe(true);
    expect(report.numFailedTests).toBe(0);
    // The example declares no skip, so every registered check ran.
    expect(report.numPendingTests + report.numTodoTests).toBe(0);
    expect(report.numPassedTests).toBe(report.numTotalTests);
    expect(report.numTotalTests).toBeGreaterThan(100);
  }, 900_000);
});
