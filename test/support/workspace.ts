import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The fields of a package.json the checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  main?: string;
  types?: string;
  sideEffects?: boolean;
  license?: string;
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
  engines?: Record<string, string>;
  repository?: { type: string; url: string; directory?: string };
  publishConfig?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A package of the workspace: its folder (absolute) and its manifest. */
export interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

/** Reads a package.json. */
export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** Every package under `packages/` that is published (not `private`), sorted by folder. */
export function publicPackages(): WorkspacePackage[] {
  const root = join(repoRoot, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .sort()
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter((pkg) => !pkg.manifest.private);
}

/** The published package with this name. */
export function publicPackage(name: string): WorkspacePackage {
  const found = publicPackages().find((pkg) => pkg.manifest.name === name);
  if (!found) throw new Error(`no public workspace package is named ${name}`);
  return found;
}

/** The storage backends: every public package whose name starts with `@flags/storage-`. */
export function backendPackages(): WorkspacePackage[] {
  return publicPackages().filter((pkg) => pkg.manifest.name.startsWith('@flags/storage-'));
}
