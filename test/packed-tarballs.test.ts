/**
 * What `pnpm publish` would upload, checked on the packed tarballs: only what users need (dist/ with
 * its declarations, the README, storage-drizzle's migrations), every export target present, and a
 * manifest with no `workspace:` range left. publint and @arethetypeswrong/cli run on the same
 * tarballs in CI (`pnpm lint:package`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWorkspacePackages } from './support/pack.js';
import { type PackageManifest, publicPackages } from './support/workspace.js';

interface Packed {
  /** Paths inside the tarball, without the leading `package/`. */
  files: string[];
  manifest: PackageManifest;
}

function readTarball(tarball: string): Packed {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.length > 0 && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  ) as PackageManifest;
  return { files, manifest };
}

const ALWAYS_ALLOWED = /^(package\.json|README\.md|CHANGELOG\.md|LICEN[CS]E(\.md)?)$/;

describe('packed tarballs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'flags-packed-'));
  const packages = publicPackages();
  const packed = new Map<string, Packed>();

  beforeAll(async () => {
    const tarballs = await packWorkspacePackages(
      packages.map((pkg) => pkg.manifest.name),
      scratch,
    );
    for (const [name, tarball] of tarballs) packed.set(name, readTarball(tarball));
  }, 600_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  describe.each(packages.map((pkg) => [pkg.manifest.name] as const))('%s', (name) => {
    const get = () => packed.get(name)!;

    it('holds only package.json, the README, dist/ (and storage-drizzle migrations/) — no sources, tests or build info', () => {
      const { files } = get();
      const extra = name === '@flags/storage-drizzle' ? /^(dist|migrations)\// : /^dist\//;
      expect(files.filter((file) => !ALWAYS_ALLOWED.test(file) && !extra.test(file))).toStrictEqual([]);
      expect(files.filter((file) => /\.test\.|\.tsbuildinfo$|(^|\/)test\//.test(file))).toStrictEqual([]);
      // Source maps would point at src/, which is not shipped.
      expect(files.filter((file) => file.endsWith('.map'))).toStrictEqual([]);
      expect(files).toContain('README.md');
    });

    it('has every export target, and a declaration beside every module', () => {
      const { files, manifest } = get();
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        const paths = typeof target === 'string' ? [target] : Object.values(target);
        for (const path of paths) expect(files, `${subpath} → ${path}`).toContain(path.replace(/^\.\//, ''));
      }
      const modules = files.filter((file) => file.startsWith('dist/') && file.endsWith('.js'));
      expect(modules.length).toBeGreaterThan(0);
      expect(modules.filter((file) => !files.includes(file.replace(/\.js$/, '.d.ts')))).toStrictEqual([]);
    });

    it('publishes no `workspace:` range, and @flags/core as the peer range 0.x', () => {
      const { manifest } = get();
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies };
      expect(Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:'))).toStrictEqual([]);
      if (name !== '@flags/core') expect(manifest.peerDependencies?.['@flags/core']).toBe('0.x');
    });
  });

  it('storage-drizzle ships the drizzle-kit migrations of every dialect, each journal entry with its SQL', () => {
    const { files } = packed.get('@flags/storage-drizzle')!;
    for (const dialect of ['pg', 'mysql', 'sqlite']) {
      expect(files, dialect).toContain(`migrations/${dialect}/meta/_journal.json`);
      expect(
        files.filter((file) => file.startsWith(`migrations/${dialect}/`) && file.endsWith('.sql')).length,
      ).toBeGreaterThan(0);
    }
  });
});
