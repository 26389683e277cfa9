/**
 * Dependency hygiene: no package imports a package it does not declare.
 *
 * - Code a published package ships (`src/`) may import only its `dependencies` and
 *   `peerDependencies` (a devDependency is not installed for its users) and Node built-ins, always
 *   spelled `node:…`.
 * - Its other files (tests, configs) may also import its `devDependencies`; inside the pnpm workspace
 *   the root's devDependencies (vitest, fast-check …) too. A project outside the workspace
 *   (`examples/<name>/` with its own package.json) gets nothing from the root.
 * - Every `dependencies` / `peerDependencies` entry of a published package is imported by its `src/`,
 *   and every peer is also a devDependency of the package or of the workspace root (so the package's
 *   own build and tests have it).
 *
 * Imports are read with the TypeScript scanner (static, type-only, re-exports, `import()` and
 * `require` with a literal). Run `npx tsx scripts/check-imports.ts`; `test/dependency-hygiene.test.ts`
 * runs it in CI.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

type Deps = Record<string, string>;

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Deps;
  devDependencies?: Deps;
  peerDependencies?: Deps;
}

/** How {@link checkPackageImports} treats one package folder. */
export interface PackageCheckOptions {
  /** Packages every non-shipped file may import besides the package's own (the workspace root's devDependencies). @default {} */
  inherited?: Deps;
  /** Paths in messages are relative to this folder. @default the package folder */
  displayRoot?: string;
}

const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'migrations', 'coverage']);

/** `drizzle-orm/pg-core` → `drizzle-orm`, `@scope/name/sub` → `@scope/name`; null for relative paths. */
export function packageNameOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

/** Every module specifier a source text imports, re-exports, `import()`s or `require`s. */
export function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((file) => file.fileName);
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.'))
        found.push(...sourceFiles(join(dir, entry.name)));
    } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(join(dir, entry.name));
    }
  }
  return found;
}

/** The problems of one package folder (empty when clean). */
export function checkPackageImports(dir: string, options: PackageCheckOptions = {}): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const shown = (file: string) =>
    relative(options.displayRoot ?? dir, file)
      .split(sep)
      .join('/');
  const dependencies = manifest.dependencies ?? {};
  const peers = manifest.peerDependencies ?? {};
  const devDependencies = manifest.devDependencies ?? {};
  const shippedAllowed = new Set([manifest.name, ...Object.keys(dependencies), ...Object.keys(peers)]);
  const devAllowed = new Set([
    ...shippedAllowed,
    ...Object.keys(devDependencies),
    ...Object.keys(options.inherited ?? {}),
  ]);
  const usedByShipped = new Set<string>();
  const problems: string[] = [];

  for (const file of sourceFiles(dir)) {
    const shipped = !manifest.private && relative(dir, file).startsWith(`src${sep}`);
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      if (isBuiltin(specifier)) {
        if (!specifier.startsWith('node:'))
          problems.push(`${shown(file)}: imports "${specifier}"; write "node:${specifier}"`);
        continue;
      }
      const name = packageNameOf(specifier);
      if (name === null) continue;
      if (shipped) usedByShipped.add(name);
      const allowed = shipped ? shippedAllowed : devAllowed;
      if (!allowed.has(name)) {
        const where = shipped ? 'dependencies or peerDependencies' : 'any dependency list';
        problems.push(
          `${shown(file)}: imports "${specifier}", but ${manifest.name} does not declare ${name} in ${where}`,
        );
      }
    }
  }

  if (!manifest.private) {
    for (const [field, deps] of [
      ['dependencies', dependencies],
      ['peerDependencies', peers],
    ] as const) {
      for (const name of Object.keys(deps)) {
        if (!usedByShipped.has(name))
          problems.push(`${manifest.name}: ${field} lists ${name}, which no file in src/ imports`);
      }
    }
    for (const name of Object.keys(peers)) {
      if (!(name in devDependencies) && !(name in (options.inherited ?? {}))) {
        problems.push(`${manifest.name}: peer ${name} is not also a devDependency`);
      }
    }
  }
  return problems;
}

/** Folders with a package.json under `parent` (one level down). */
function packageDirs(parent: string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json')))
    .map((entry) => join(parent, entry.name))
    .sort();
}

/**
 * The problems of the whole repo: every workspace package (`packages/*`, `bench`, which may lean on the
 * root's devDependencies outside `src/`) and every outside project under `examples/` (which may not).
 */
export function checkWorkspaceImports(root: string): string[] {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const inherited = rootManifest.devDependencies ?? {};
  const members = [...packageDirs(join(root, 'packages')), join(root, 'bench')].filter((dir) =>
    existsSync(join(dir, 'package.json')),
  );
  return [
    ...members.flatMap((dir) => checkPackageImports(dir, { inherited, displayRoot: root })),
    ...packageDirs(join(root, 'examples')).flatMap((dir) => checkPackageImports(dir, { displayRoot: root })),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = checkWorkspaceImports(fileURLToPath(new URL('..', import.meta.url)));
  for (const problem of problems) console.error(problem);
  console.log(
    problems.length === 0
      ? 'imports: every package declares what it imports'
      : `imports: ${problems.length} problem(s)`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
