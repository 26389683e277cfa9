/**
 * Core and storage-redis run on Node, Bun, Deno and edge runtimes: bundled with esbuild for the
 * `neutral` platform (no Node built-ins provided), nothing they reach — their own code and, for core,
 * its bundled dependencies — may import a Node built-in, and their own code may not touch Node-only
 * globals. storage-redis's main entry must not load a TCP client either.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { packageImportsFromSource } from './support/worker-bundle.js';
import { type PackageManifest, publicPackage, repoRoot } from './support/workspace.js';

/** Globals that exist on Node but not on edge runtimes. */
const NODE_GLOBALS = new Set(['process', 'Buffer', '__dirname', '__filename', 'require', 'global', 'module']);

interface EdgeBundle {
  /** `specifier ← importer` for every Node built-in reached. */
  nodeImports: string[];
  /** Packages left outside the bundle (peers) that the entry imports. */
  externalImports: string[];
  /** Files of this repo that went into the bundle. */
  ownFiles: string[];
}

async function bundleForEdge(entry: string, external: readonly string[]): Promise<EdgeBundle> {
  const nodeImports: string[] = [];
  const recordBuiltins: Plugin = {
    name: 'record-node-builtins',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        nodeImports.push(`${args.path} ← ${relative(repoRoot, args.importer)}`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    mainFields: ['module', 'main'],
    external: [...external],
    plugins: [recordBuiltins, packageImportsFromSource],
    metafile: true,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });
  const metafile: Metafile = result.metafile;
  const externalImports = Object.values(metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((imported) => imported.external && !isBuiltin(imported.path))
    .map((imported) => imported.path);
  const ownFiles = Object.keys(metafile.inputs)
    .map((input) => (isAbsolute(input) ? input : resolve(input)))
    .filter((file) => !file.includes('node_modules') && file.startsWith(join(repoRoot, 'packages')));
  return { nodeImports, externalImports: [...new Set(externalImports)].sort(), ownFiles };
}

/**
 * `name (file:line)` for each use of a Node-only global: an identifier of that name that is not a
 * property name and that the type checker finds no declaration for in the files themselves.
 */
function nodeGlobalsUsed(files: readonly string[]): string[] {
  const program = ts.createProgram(files, { noEmit: true, noResolve: true, types: [], lib: ['lib.es2023.d.ts'] });
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text) && !isPropertyName(node)) {
        const declarations = checker.getSymbolAtLocation(node)?.declarations ?? [];
        if (declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile)) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          found.push(`${node.text} (${relative(repoRoot, file)}:${line + 1})`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    ((ts.isPropertyAccessExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent)) &&
      parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node)
  );
}

/** The `src/` file behind each export of a package (`./dist/x/index.js` → `src/x/index.ts`). */
function sourceEntries(dir: string, manifest: PackageManifest): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const file = typeof target === 'string' ? target : (target.import ?? target.default);
    if (!file?.endsWith('.js')) continue;
    entries.set(subpath, join(dir, file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')));
  }
  return entries;
}

describe('edge-runtime safety', () => {
  const core = publicPackage('@flags/core');
  const redis = publicPackage('@flags/storage-redis');

  it.each([...sourceEntries(core.dir, core.manifest)])(
    '@flags/core export "%s" bundles for a neutral platform with no Node built-in, valibot/semver/croner included',
    async (_subpath, entry) => {
      const bundle = await bundleForEdge(entry, Object.keys(core.manifest.peerDependencies ?? {}));
      expect(bundle.nodeImports).toStrictEqual([]);
      expect(bundle.externalImports).toStrictEqual([]);
      expect(nodeGlobalsUsed(bundle.ownFiles)).toStrictEqual([]);
    },
  );

  it('@flags/storage-redis "." bundles with no Node built-in, imports only core and @upstash/redis, uses no Node global', async () => {
    const entry = sourceEntries(redis.dir, redis.manifest).get('.')!;
    const bundle = await bundleForEdge(entry, Object.keys(redis.manifest.peerDependencies ?? {}));
    expect(bundle.nodeImports).toStrictEqual([]);
    const isPeer = (name: string) =>
      name === '@upstash/redis' || name === '@flags/core' || name.startsWith('@flags/core/');
    expect(bundle.externalImports.filter((name) => !isPeer(name))).toStrictEqual([]);
    expect(bundle.ownFiles.length).toBeGreaterThan(5);
    expect(nodeGlobalsUsed(bundle.ownFiles)).toStrictEqual([]);
  });

  it('every other @flags/storage-redis export (TCP adapters) keeps Node built-ins to its client package', async () => {
    const others = [...sourceEntries(redis.dir, redis.manifest)].filter(([subpath]) => subpath !== '.');
    for (const [, entry] of others) {
      const bundle = await bundleForEdge(entry, Object.keys(redis.manifest.peerDependencies ?? {}));
      expect(bundle.nodeImports).toStrictEqual([]);
    }
  });

  describe('the check itself', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'flags-edge-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('reports a Node built-in reached through a relative import, with or without the node: prefix', async () => {
      writeFileSync(
        join(scratch, 'leaf.ts'),
        "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n",
      );
      writeFileSync(
        join(scratch, 'entry.ts'),
        "import { createHash } from 'node:crypto';\nexport { read } from './leaf.js';\nexport const hash = createHash;\n",
      );
      const bundle = await bundleForEdge(join(scratch, 'entry.ts'), []);
      expect(bundle.nodeImports.map((line) => line.split(' ')[0]).sort()).toStrictEqual(['fs', 'node:crypto']);
    });

    it('reports Node globals used as free identifiers, not as property names or locals', () => {
      const file = join(scratch, 'globals.ts');
      writeFileSync(
        file,
        [
          'export const a = process.env.X;',
          'export const b = Buffer.from("x");',
          'export const c = { process: 1 }.process;',
          'export function d(require: () => void) { return require; }',
          'const global = 1;',
          'export const e = global + 1;',
        ].join('\n'),
      );
      expect(nodeGlobalsUsed([file]).map((hit) => hit.split(' ')[0])).toStrictEqual(['process', 'Buffer']);
    });
  });
});
