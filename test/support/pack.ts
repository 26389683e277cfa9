import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.js';
import { publicPackage, repoRoot } from './workspace.js';

const LOCK_DIR = join(repoRoot, 'node_modules', '.cache', 'flags-pack.lock');
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Runs `work` while no other test file builds or packs: what reads `dist/` (a pack, a bundler) holds
 * it so another file's build cannot rewrite `dist/` underneath.
 */
export async function withLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(join(LOCK_DIR, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A run killed while holding the lock leaves it behind; no build and pack takes this long.
      if (Date.now() - statSync(LOCK_DIR, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** The file name `pnpm pack` gives a package's tarball: `@flags/core@0.1.0` → `flags-core-0.1.0.tgz`. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** Builds these workspace packages to their `dist/` (turbo: a cache hit when current). Call under {@link withLock}. */
export async function buildWorkspacePackages(names: readonly string[]): Promise<void> {
  await run(
    join(repoRoot, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--output-logs=errors-only', ...names.map((name) => `--filter=${name}`)],
    { cwd: repoRoot, env: { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' }, timeoutMs: 600_000 },
  );
}

/**
 * Builds these workspace packages (turbo, so an up-to-date build is a cache hit) and packs each with
 * `pnpm pack` into `destination`, exactly as `pnpm publish` would (`workspace:` ranges rewritten,
 * only `files`). Test files that pack run one at a time: a lock keeps one build from rewriting
 * `dist/` while another file packs it.
 * @returns the absolute tarball path of each package, by name.
 */
export async function packWorkspacePackages(
  names: readonly string[],
  destination: string,
): Promise<Map<string, string>> {
  mkdirSync(destination, { recursive: true });
  return withLock(async () => {
    await buildWorkspacePackages(names);
    const tarballs = new Map<string, string>();
    for (const name of names) {
      const { dir, manifest } = publicPackage(name);
      await run('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, timeoutMs: 120_000 });
      const tarball = join(destination, tarballName(name, manifest.version));
      if (!existsSync(tarball)) throw new Error(`pnpm pack of ${name} made no ${tarball}`);
      tarballs.set(name, tarball);
    }
    return tarballs;
  });
}
