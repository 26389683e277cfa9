import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPackageImports, checkWorkspaceImports, importsOf, packageNameOf } from '../scripts/check-imports.js';
import { repoRoot } from './support/workspace.js';

describe('dependency hygiene (scripts/check-imports.ts)', () => {
  it('every package of the repo declares each package it imports, and imports each it depends on', () => {
    expect(checkWorkspaceImports(repoRoot)).toStrictEqual([]);
  });

  describe('the check itself', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'flags-imports-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    function fixture(name: string, manifest: object, files: Record<string, string>): string {
      const dir = join(scratch, name);
      for (const [path, text] of Object.entries({ 'package.json': JSON.stringify(manifest), ...files })) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      return dir;
    }

    it('reads static, type-only, re-export, dynamic and require imports', () => {
      const text = [
        "import a from 'a';",
        "import type { B } from '@scope/b/sub';",
        "export * from './local.js';",
        "const c = await import('c');",
        "const d = require('d');",
      ].join('\n');
      expect(importsOf(text)).toStrictEqual(['a', '@scope/b/sub', './local.js', 'c', 'd']);
      expect(['a', '@scope/b/sub', './local.js', 'drizzle-orm/pg-core'].map(packageNameOf)).toStrictEqual([
        'a',
        '@scope/b',
        null,
        'drizzle-orm',
      ]);
    });

    it('flags undeclared and dev-only imports in src/, bare built-ins, unused dependencies and peers missing from devDependencies', () => {
      const dir = fixture(
        'bad',
        {
          name: 'bad',
          dependencies: { unused: '1' },
          peerDependencies: { peer: '1' },
          devDependencies: { devonly: '1' },
        },
        {
          'src/index.ts': "import 'undeclared';\nimport type { X } from 'devonly';\nimport 'peer/sub';\nimport 'fs';\n",
          'test/x.test.ts': "import 'devonly';\nimport 'vitest';\nimport 'stranger';\n",
        },
      );
      expect(checkPackageImports(dir, { inherited: { vitest: '4' } }).sort()).toStrictEqual(
        [
          'src/index.ts: imports "undeclared", but bad does not declare undeclared in dependencies or peerDependencies',
          'src/index.ts: imports "devonly", but bad does not declare devonly in dependencies or peerDependencies',
          'src/index.ts: imports "fs"; write "node:fs"',
          'test/x.test.ts: imports "stranger", but bad does not declare stranger in any dependency list',
          'bad: dependencies lists unused, which no file in src/ imports',
          'bad: peer peer is not also a devDependency',
        ].sort(),
      );
    });

    it('passes a clean package, and lets a private package use its devDependencies anywhere', () => {
      const clean = fixture(
        'clean',
        { name: 'clean', dependencies: { dep: '1' }, devDependencies: { tool: '1' } },
        {
          'src/index.ts': "import 'dep';\nimport 'node:fs';\nimport './own.js';\n",
          'test/a.test.ts': "import 'tool';\n",
        },
      );
      const internal = fixture(
        'internal',
        { name: 'internal', private: true, devDependencies: { tool: '1' } },
        { 'src/index.ts': "import 'tool';\n" },
      );
      expect(checkPackageImports(clean)).toStrictEqual([]);
      expect(checkPackageImports(internal)).toStrictEqual([]);
    });
  });
});
