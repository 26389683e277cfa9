import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { type RunResult, run } from './run.js';
import { repoRoot } from './workspace.js';

/** The workspace's TypeScript compiler, used to type-check outside projects without installing one. */
export const workspaceTsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * This process's environment without what pnpm, npm and vitest put there for the workspace
 * (`npm_config_*`, `npm_package_*`, `PNPM_*`, `VITEST*`, `NODE_OPTIONS`), so a command run in an
 * outside project behaves as it would in a user's shell.
 */
export function outsideEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|VITEST|NODE_OPTIONS$|INIT_CWD$|TEST$)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_loglevel: 'error',
    ...extra,
  };
}

/** A folder outside the workspace with its own package.json, worked on as a user would. */
export class OutsideProject {
  constructor(readonly dir: string) {}

  /** Creates `dir` with a minimal ESM package.json. */
  static create(dir: string, name: string): OutsideProject {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`);
    return new OutsideProject(dir);
  }

  /** Runs npm in the project (its registry for third-party packages, local tarballs for ours). */
  npm(args: readonly string[], timeoutMs = 300_000): Promise<RunResult> {
    return run('npm', args, {
      cwd: this.dir,
      env: outsideEnv(),
      timeoutMs,
    });
  }

  /** Runs a file of the project with node. */
  node(file: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunResult> {
    return run(process.execPath, [file], { cwd: this.dir, env: outsideEnv(env), timeoutMs });
  }

  /** Type-checks the project (its tsconfig.json) with the workspace's `tsc --noEmit`. */
  typecheck(timeoutMs = 120_000): Promise<RunResult> {
    return run(process.execPath, [workspaceTsc, '--noEmit', '-p', 'tsconfig.json'], {
      cwd: this.dir,
      env: outsideEnv(),
      timeoutMs,
    });
  }

  /** Writes a file of the project. */
  write(path: string, text: string): void {
    mkdirSync(join(this.dir, path, '..'), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  /** Every package name anywhere in the project's node_modules tree (nested copies included). */
  installedPackages(): Set<string> {
    const names = new Set<string>();
    const walk = (nodeModules: string): void => {
      if (!existsSync(nodeModules)) return;
      for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
        const scoped = entry.name.startsWith('@');
        const packages = scoped
          ? readdirSync(join(nodeModules, entry.name), { withFileTypes: true })
              .filter((inner) => inner.isDirectory())
              .map((inner) => `${entry.name}/${inner.name}`)
          : [entry.name];
        for (const name of packages) {
          names.add(name);
          walk(join(nodeModules, name, 'node_modules'));
        }
      }
    };
    walk(join(this.dir, 'node_modules'));
    return names;
  }
}

/**
 * Resolves when `url`'s host answers on its port; otherwise rejects with an error naming the service,
 * the URL tried and the env var that points the tests elsewhere (a missing service fails, never skips).
 */
export function expectServiceUp(service: string, url: string, envVar: string, defaultPort: number): Promise<void> {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = Number(parsed.port || defaultPort);
  const shown = url.replace(/(\/\/[^:/@]*:)[^@]+@/, '$1***@');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: 3_000 });
    const fail = (why: string) => {
      socket.destroy();
      reject(
        new Error(
          `${service} is not reachable at ${shown} (${why}). Start it (scripts/services.sh does) or set ${envVar}.`,
        ),
      );
    };
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('timeout', () => fail('timed out'));
    socket.once('error', (error) => fail(error.message));
  });
}
