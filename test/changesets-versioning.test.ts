/**
 * Independent versions: on a throwaway copy of the repo's manifests and changesets config, a core-only
 * minor changeset bumps core and leaves every backend (and the testkit) at its version — while core
 * is 0.x too, thanks to the `workspace:0.x` peer range (see CONTRIBUTING.md). A core major, which
 * leaves that range, still majors the packages that peer on core.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './support/run.js';
import { publicPackages, readManifest, repoRoot } from './support/workspace.js';

const CHANGESET_BIN = join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
const DEPENDENTS = publicPackages()
  .map((pkg) => pkg.manifest.name)
  .filter((name) => name !== '@flags/core');

let copies: string[] = [];
afterEach(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  copies = [];
});

/** A temp copy of what `changeset version` reads: manifests, workspace file, `.changeset/`. */
function throwawayCopy(options: { keepChangesets: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'flags-changesets-'));
  copies.push(dir);
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(repoRoot, file), join(dir, file));
  const members = [...publicPackages().map((pkg) => pkg.dir), join(repoRoot, 'bench')];
  for (const member of members) {
    mkdirSync(join(dir, relative(repoRoot, member)), { recursive: true });
    cpSync(join(member, 'package.json'), join(dir, relative(repoRoot, member), 'package.json'));
  }
  mkdirSync(join(dir, '.changeset'));
  for (const file of readdirSync(join(repoRoot, '.changeset'))) {
    if (file === 'config.json' || (options.keepChangesets && file.endsWith('.md'))) {
      cpSync(join(repoRoot, '.changeset', file), join(dir, '.changeset', file));
    }
  }
  // The changelog generator is resolved from the project; lend it the workspace's.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function writeChangeset(dir: string, id: string, releases: Record<string, 'major' | 'minor' | 'patch'>): void {
  const header = Object.entries(releases)
    .map(([name, type]) => `"${name}": ${type}`)
    .join('\n');
  writeFileSync(join(dir, '.changeset', `${id}.md`), `---\n${header}\n---\n\n${id}\n`);
}

async function versionPackages(dir: string): Promise<void> {
  await run(process.execPath, [CHANGESET_BIN, 'version'], { cwd: dir, timeoutMs: 120_000 });
}

/** Version of each public package in the copy, by name. */
function versions(dir: string): Record<string, string> {
  return Object.fromEntries(
    publicPackages().map((pkg) => {
      const manifest = readManifest(join(dir, relative(repoRoot, pkg.dir)));
      return [manifest.name, manifest.version];
    }),
  );
}

function peerRangesOnCore(dir: string): string[] {
  return publicPackages()
    .filter((pkg) => pkg.manifest.name !== '@flags/core')
    .map((pkg) => readManifest(join(dir, relative(repoRoot, pkg.dir))).peerDependencies?.['@flags/core'] ?? '');
}

function bump(version: string, type: 'major' | 'minor'): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return type === 'major' ? `${major + 1}.0.0` : `${major}.${minor + 1}.0`;
}

describe('changesets: independent versions', () => {
  it('a core-only minor bumps core and leaves every backend and the testkit unchanged', async () => {
    const dir = throwawayCopy({ keepChangesets: false });
    const before = versions(dir);
    writeChangeset(dir, 'core-minor', { '@flags/core': 'minor' });
    await versionPackages(dir);
    const after = versions(dir);
    expect(after['@flags/core']).toBe(bump(before['@flags/core']!, 'minor'));
    for (const name of DEPENDENTS) expect(after[name], name).toBe(before[name]);
    expect(existsSync(join(dir, 'packages', 'core', 'CHANGELOG.md'))).toBe(true);
    expect(existsSync(join(dir, 'packages', 'storage-redis', 'CHANGELOG.md'))).toBe(false);
  }, 120_000);

  it('after the first release (the committed changesets), a core 0.x minor still leaves the others alone', async () => {
    const dir = throwawayCopy({ keepChangesets: true });
    await versionPackages(dir);
    const released = versions(dir);
    for (const [name, version] of Object.entries(released)) expect(version, name).not.toBe('0.0.0');
    expect(released['@flags/core']).toMatch(/^0\./);

    writeChangeset(dir, 'core-minor', { '@flags/core': 'minor' });
    await versionPackages(dir);
    const after = versions(dir);
    expect(after['@flags/core']).toBe(bump(released['@flags/core']!, 'minor'));
    for (const name of DEPENDENTS) expect(after[name], name).toBe(released[name]);
    expect(new Set(peerRangesOnCore(dir))).toStrictEqual(new Set(['workspace:0.x']));
  }, 120_000);

  it('a core major, which leaves the peer range, majors every package that peers on core', async () => {
    const dir = throwawayCopy({ keepChangesets: false });
    const before = versions(dir);
    writeChangeset(dir, 'core-major', { '@flags/core': 'major' });
    await versionPackages(dir);
    const after = versions(dir);
    expect(after['@flags/core']).toBe(bump(before['@flags/core']!, 'major'));
    for (const name of DEPENDENTS) expect(after[name], name).toBe(bump(before[name]!, 'major'));
  }, 120_000);
});
