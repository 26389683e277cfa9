import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './workspace.js';

/** A ```ts block of a README, and where it is checked. */
export interface ReadmeBlock {
  /** `packages/core/README.md block 2` */
  label: string;
  readme: string;
  code: string;
  /** The file its first line names (`// src/backend.ts`), or null for a whole program. */
  names: string | null;
  /** The file it is type-checked as: the named file beside the README, or a program in `.readme-blocks/`. */
  path: string;
}

const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  '.git',
  '.turbo',
  '.readme-programs',
  '.readme-blocks',
  'fixtures',
  'results',
]);

/** Every README.md of the repository (root, packages, examples), sorted. */
export function readmes(dir = repoRoot): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) found.push(...readmes(join(dir, entry.name)));
    else if (entry.isFile() && entry.name === 'README.md') found.push(join(dir, entry.name));
  }
  return found.sort();
}

/** The ```ts blocks of a README. */
export function readmeBlocks(readme: string): ReadmeBlock[] {
  const dir = dirname(readme);
  const name = relative(repoRoot, readme);
  return [...readFileSync(readme, 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, index) => {
    const code = match[1] ?? '';
    const named = /^\/\/ (\S+\.ts)( \(excerpt\))?\n/.exec(code);
    return {
      label: `${name} block ${index + 1}`,
      readme,
      code,
      names: named ? named[1]! : null,
      path: named ? join(dir, named[1]!) : join(dir, '.readme-blocks', `block-${index + 1}.ts`),
    };
  });
}

/**
 * Type-checks `files` (path → source, none of them on disk) with the root tsconfig (strict, the
 * workspace's sources for `@flags/*`), as if each stood at its path: imports resolve from there.
 * Returns one message per error, naming the block.
 */
export function typeCheck(
  files: ReadonlyMap<string, { label: string; code: string }>,
  extraPaths: Record<string, string[]>,
) {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('the root tsconfig.json does not parse');
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    paths: { ...config.options.paths, ...extraPaths },
  };
  const host = ts.createCompilerHost(options);
  const own = (fileName: string) => files.get(fileName);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => own(fileName) !== undefined || fileExists.call(host, fileName);
  host.readFile = (fileName) => own(fileName)?.code ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, language, ...rest) => {
    const file = own(fileName);
    return file
      ? ts.createSourceFile(fileName, file.code, language)
      : getSourceFile.call(host, fileName, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${files.get(d.file!.fileName)!.label}, line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
}
