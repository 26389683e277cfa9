/**
 * A third party's backend, proven the way a third party proves it: `examples/custom-backend/` is
 * copied outside the workspace, installs `@flags/core` and `@flags/testkit` from the packed tarballs
 * (the rest from the registry), type-checks, builds, and passes `runStorageConformance` with no
 * skip but the ones it declares (none). Takes a minute or so (npm installs vitest and typescript).
 */
import { cpSync, lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutsideProject } from './support/outside-project.js';
import { packWorkspacePackages } from './support/pack.js';
import { repoRoot } from './support/workspace.js';

const EXAMPLE = join(repoRoot, 'examples', 'custom-backend');

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

  it('installs core and testkit from tarballs, type-checks, builds and passes the conformance suite', async () => {
    const tarballs = await packWorkspacePackages(['@flags/core', '@flags/testkit'], join(workRoot, 'tarballs'));
    const dir = join(workRoot, 'custom-backend');
    cpSync(EXAMPLE, dir, {
      recursive: true,
      filter: (source) => !['node_modules', 'dist'].includes(basename(source)),
    });
    const project = new OutsideProject(dir);
    await project.npm(['install', '--save-dev', tarballs.get('@flags/core')!, tarballs.get('@flags/testkit')!]);

    // Installed for real (copied out of the tarball), not linked back into the workspace.
    for (const name of ['@flags/core', '@flags/testkit']) {
      const installed = join(dir, 'node_modules', name);
      expect(lstatSync(installed).isSymbolicLink(), name).toBe(false);
      expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).name).toBe(name);
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
