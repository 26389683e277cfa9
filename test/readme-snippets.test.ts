/**
 * The testkit README's "Write your own backend" walks through `examples/custom-backend/`: every ```ts
 * block there names its file on its first line and must be that file, or excerpts of it, verbatim.
 * The files themselves are type-checked in CI (the root `tsc -p tsconfig.json` includes `examples/`,
 * and test/custom-backend.test.ts runs `tsc --noEmit` in an outside copy), so the snippets compile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownSection, snippetMismatch, tsSnippets } from './support/snippets.js';
import { repoRoot } from './support/workspace.js';

const README = join(repoRoot, 'packages', 'testkit', 'README.md');
const EXAMPLE = join(repoRoot, 'examples', 'custom-backend');
const SECTION = 'Write your own backend';

describe(`packages/testkit/README.md "${SECTION}"`, () => {
  const section = markdownSection(readFileSync(README, 'utf8'), SECTION);
  const snippets = tsSnippets(section ?? '');

  it('exists and walks through the example: its conformance file whole, and its backend', () => {
    expect(section, `a "## ${SECTION}" section`).not.toBeNull();
    const files = snippets.map((snippet) => snippet.file);
    expect(files).toContain('test/conformance.test.ts');
    expect(files).toContain('src/backend.ts');
    expect(snippets.find((snippet) => snippet.file === 'test/conformance.test.ts')?.excerpt).toBe(false);
  });

  it('names the file of every TypeScript block, and each block is verbatim from that file', () => {
    const problems = snippets.map((snippet, index) => {
      if (snippet.file === null)
        return `block ${index + 1}: its first line must be "// <file>" or "// <file> (excerpt)"`;
      const mismatch = snippetMismatch(snippet, readFileSync(join(EXAMPLE, snippet.file), 'utf8'));
      return mismatch && `block ${index + 1} (${snippet.file}): ${mismatch}`;
    });
    expect(problems.filter(Boolean)).toStrictEqual([]);
  });

  describe('the check itself', () => {
    const source = 'class A {\n  one() {\n    return 1;\n  }\n\n  two() {\n    return 2;\n  }\n}\n';

    it('accepts ordered excerpts and whole files, and refuses changed, reordered or re-indented code', () => {
      const excerpt = (code: string) => ({ file: 'a.ts', excerpt: true, code });
      expect(snippetMismatch(excerpt('  one() {\n    return 1;\n  }\n// …\n  two() {'), source)).toBeNull();
      expect(snippetMismatch({ file: 'a.ts', excerpt: false, code: source }, source)).toBeNull();
      expect(snippetMismatch(excerpt('  one() {\n    return 2;'), source)).not.toBeNull();
      expect(snippetMismatch(excerpt('  two() {\n// …\n  one() {'), source)).not.toBeNull();
      expect(snippetMismatch(excerpt('one() {\nreturn 1;'), source)).not.toBeNull();
      expect(snippetMismatch({ file: 'a.ts', excerpt: false, code: 'class A {}' }, source)).not.toBeNull();
    });

    it('reads the file line and the excerpt mark of each block, only inside the section', () => {
      const markdown = [
        '## Other',
        '```ts\n// x.ts\nignored();\n```',
        `## ${SECTION}`,
        '```ts\n// src/a.ts (excerpt)\na();\n```',
        '```ts\nunnamed();\n```',
        '## Next',
      ].join('\n');
      expect(tsSnippets(markdownSection(markdown, SECTION)!)).toStrictEqual([
        { file: 'src/a.ts', excerpt: true, code: 'a();' },
        { file: null, excerpt: false, code: 'unnamed();' },
      ]);
    });
  });
});
