import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { publicPackage, repoRoot } from './workspace.js';

const source = (path: string) => join(repoRoot, 'packages', path);

/** Resolves `@flags/<name>[/<subpath>]` to the source file behind that export (no build needed). */
export const workspaceSources: Plugin = {
  name: 'flags-workspace-sources',
  setup(builder) {
    builder.onResolve({ filter: /^@flags\// }, (args) => {
      const [scope, name, ...rest] = args.path.split('/');
      const { dir, manifest } = publicPackage(`${scope}/${name}`);
      const target = manifest.exports?.[rest.length > 0 ? `./${rest.join('/')}` : '.'];
      const file = typeof target === 'string' ? target : target?.default;
      if (!file) return { errors: [{ text: `${args.path} is not an export of ${manifest.name}` }] };
      return { path: join(dir, file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')) };
    });
  },
};

/**
 * Resolves a package's own `#imports` (package.json `imports`) the way the bundler would, by the
 * build's conditions (plus `import` and `default`, and `node` on the node platform), then from the
 * built `dist/` file to its `src/` source, so no build is needed.
 */
export const packageImportsFromSource: Plugin = {
  name: 'package-imports-from-source',
  setup(builder) {
    const { conditions = [], platform } = builder.initialOptions;
    const active = new Set([...conditions, 'import', 'default', ...(platform === 'node' ? ['node'] : [])]);
    builder.onResolve({ filter: /^#/ }, (args) => {
      let dir = args.resolveDir;
      while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        imports?: Record<string, Record<string, string>>;
      };
      const targets = manifest.imports?.[args.path] ?? {};
      const condition = Object.keys(targets).find((name) => active.has(name));
      if (!condition) return { errors: [{ text: `no condition of ${args.path} matches ${[...active].join(', ')}` }] };
      return { path: join(dir, targets[condition]!.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')) };
    });
  },
};

/** A minified worker bundle: its code and, per input file, the bytes it put in the output. */
export interface WorkerBundle {
  code: string;
  bytes: number;
  inputs: Metafile['outputs'][string]['inputs'];
}

/**
 * Bundles a worker the way wrangler does for Cloudflare Workers (browser platform, the `workerd`,
 * `worker` and `browser` export conditions, one ES module), minified, everything included.
 */
export async function bundleWorker(entry: string): Promise<WorkerBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    plugins: [workspaceSources, packageImportsFromSource],
    // Where the packages' own dependencies (and the Upstash client, a peer) are installed.
    nodePaths: [
      source('storage-redis/node_modules'),
      source('storage-memory/node_modules'),
      source('core/node_modules'),
    ],
    metafile: true,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  const [meta] = Object.values(result.metafile.outputs);
  if (!output || !meta) throw new Error(`esbuild produced no output for ${entry}`);
  return { code: output.text, bytes: meta.bytes, inputs: meta.inputs };
}

/** The npm package an input file belongs to (`@upstash/redis`), or `ours` for files of this repo. */
export function packageOf(input: string): string {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? 'ours';
}

/** Bytes of the bundle per package, largest first. */
export function bytesByPackage(bundle: WorkerBundle): [string, number][] {
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(bundle.inputs)) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}
