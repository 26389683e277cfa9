/**
 * The package.json rules of DESIGN §1 for every published package: ESM, side-effect free, `exports`
 * with `types` first and `./package.json`, and the dependency rules — `@flags/core` is a peer (never a
 * dependency) of every backend and the testkit, drivers and clients are optional peers, no backend
 * depends on another package of ours, the testkit on no backend.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendPackages, publicPackage, publicPackages, repoRoot } from './support/workspace.js';

/**
 * The peer range of `@flags/core` in every backend and the testkit. `0.x` (published as `0.x`) keeps a
 * core minor in range while versions are 0.x, so changesets bumps core alone (see CONTRIBUTING.md);
 * `workspace:^` would publish `^0.1.0`, which a core 0.2.0 leaves, forcing a major of every backend.
 */
const CORE_PEER_RANGE = 'workspace:0.x';

/** Database drivers and Redis clients: a backend may only take them as optional peers. */
const DRIVERS = ['better-sqlite3', 'postgres', 'mysql2', 'pg', '@upstash/redis', 'ioredis', 'redis'];

describe.each(publicPackages().map((pkg) => [pkg.manifest.name, pkg] as const))('%s package.json', (_name, pkg) => {
  const { manifest } = pkg;

  it('is an ESM, side-effect-free, public package with license, engines and repository folder', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.license).toBeTruthy();
    // ESM only: `require()` of these packages needs require(esm), unflagged from Node 20.19.
    expect(manifest.engines?.node).toBe('>=20.19');
    expect(manifest.publishConfig?.access).toBe('public');
    expect(manifest.repository?.directory).toBe(relative(repoRoot, pkg.dir));
  });

  it('exports each entry from dist/ with `types` first, and ./package.json', () => {
    const exports = manifest.exports ?? {};
    expect(exports['./package.json']).toBe('./package.json');
    expect(exports['.']).toBeDefined();
    for (const [subpath, target] of Object.entries(exports)) {
      if (subpath === './package.json') continue;
      expect(typeof target, subpath).toBe('object');
      const conditions = target as Record<string, string>;
      expect(Object.keys(conditions)[0], `${subpath}: types first`).toBe('types');
      expect(conditions.types, subpath).toMatch(/^\.\/dist\/.+\.d\.ts$/);
      expect(conditions.default ?? conditions.import, subpath).toMatch(/^\.\/dist\/.+\.js$/);
    }
    const main = exports['.'] as Record<string, string>;
    expect(manifest.types).toBe(main.types);
  });

  it('publishes only dist/, the README and (storage-drizzle) its migrations', () => {
    const expected = manifest.name === '@flags/storage-drizzle' ? ['dist', 'migrations'] : ['dist'];
    const files = manifest.files ?? [];
    expect(files.filter((entry) => !entry.startsWith('!') && entry !== 'README.md').sort()).toStrictEqual(expected);
  });

  it('has no `workspace:` range where it would be published as an exact version', () => {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      expect(['workspace:*', 'workspace:^', 'workspace:~'], `peer ${name}`).not.toContain(range);
    }
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      expect(range.startsWith('workspace:'), `dependency ${name}`).toBe(false);
    }
  });
});

describe('dependency rules', () => {
  const dependents = [...backendPackages(), publicPackage('@flags/testkit'), publicPackage('@flags/openfeature')];

  it('there are backends to check', () => {
    expect(backendPackages().map((pkg) => pkg.manifest.name)).toEqual(
      expect.arrayContaining(['@flags/storage-memory', '@flags/storage-drizzle', '@flags/storage-redis']),
    );
  });

  it.each(dependents.map((pkg) => [pkg.manifest.name, pkg] as const))(
    '%s takes @flags/core as a peer (never a dependency), with a range a core minor stays in',
    (_name, { manifest }) => {
      expect(manifest.peerDependencies?.['@flags/core']).toBe(CORE_PEER_RANGE);
      expect(manifest.peerDependenciesMeta?.['@flags/core']?.optional ?? false).toBe(false);
      expect(manifest.devDependencies?.['@flags/core']).toBe('workspace:*');
      expect(manifest.dependencies?.['@flags/core']).toBeUndefined();
    },
  );

  it.each(backendPackages().map((pkg) => [pkg.manifest.name, pkg] as const))(
    '%s depends on no other package of ours (the testkit only as a devDependency) and takes drivers only as optional peers',
    (_name, { manifest }) => {
      const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
      expect(Object.keys(runtime).filter((dep) => dep.startsWith('@flags/') && dep !== '@flags/core')).toStrictEqual(
        [],
      );
      expect(Object.keys(manifest.dependencies ?? {}).filter((dep) => DRIVERS.includes(dep))).toStrictEqual([]);
      for (const driver of Object.keys(manifest.peerDependencies ?? {}).filter((dep) => DRIVERS.includes(dep))) {
        expect(manifest.peerDependenciesMeta?.[driver]?.optional, `${driver} is an optional peer`).toBe(true);
      }
    },
  );

  it('storage-drizzle: drizzle-orm is a required peer; better-sqlite3, postgres and mysql2 optional ones', () => {
    const { manifest } = publicPackage('@flags/storage-drizzle');
    expect(manifest.peerDependencies).toEqual(expect.objectContaining({ 'drizzle-orm': expect.any(String) }));
    expect(manifest.peerDependenciesMeta?.['drizzle-orm']?.optional ?? false).toBe(false);
    for (const driver of ['better-sqlite3', 'postgres', 'mysql2']) {
      expect(manifest.peerDependencies?.[driver], driver).toBeDefined();
      expect(manifest.peerDependenciesMeta?.[driver]?.optional, driver).toBe(true);
    }
  });

  it('storage-redis: @upstash/redis and ioredis are optional peers', () => {
    const { manifest } = publicPackage('@flags/storage-redis');
    for (const client of ['@upstash/redis', 'ioredis']) {
      expect(manifest.peerDependencies?.[client], client).toBeDefined();
      expect(manifest.peerDependenciesMeta?.[client]?.optional, client).toBe(true);
    }
  });

  it('openfeature: peers @flags/core and @openfeature/server-sdk, no dependency, no other package of ours at run time', () => {
    const { manifest } = publicPackage('@flags/openfeature');
    expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toStrictEqual([
      '@flags/core',
      '@openfeature/server-sdk',
    ]);
    expect(manifest.peerDependenciesMeta ?? {}).toStrictEqual({});
    expect(manifest.dependencies ?? {}).toStrictEqual({});
  });

  it('the testkit depends on no backend (that would be a cycle) and takes vitest as a peer', () => {
    const { manifest } = publicPackage('@flags/testkit');
    const all = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
    expect(Object.keys(all).filter((dep) => dep.startsWith('@flags/storage-'))).toStrictEqual([]);
    expect(manifest.peerDependencies?.vitest).toBeDefined();
  });

  it('core depends on no package of ours and has no peers', () => {
    const { manifest } = publicPackage('@flags/core');
    const all = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
    expect(Object.keys(all).filter((dep) => dep.startsWith('@flags/'))).toStrictEqual([]);
    expect(manifest.peerDependencies ?? {}).toStrictEqual({});
  });
});
