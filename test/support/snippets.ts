/** A fenced TypeScript block of a Markdown text, with the file its first line names. */
export interface Snippet {
  /** The path from the block's first line, `// src/backend.ts` or `// src/backend.ts (excerpt)`. */
  file: string | null;
  excerpt: boolean;
  /** The block's code after that first line. */
  code: string;
}

/** The part of `markdown` under the `## <heading>` line, up to the next `## ` heading. */
export function markdownSection(markdown: string, heading: string): string | null {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) return null;
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, next < 0 ? undefined : next).join('\n');
}

/** Every ```ts block of a Markdown text. */
export function tsSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const match of markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const [first = '', ...rest] = (match[1] ?? '').replace(/\n$/, '').split('\n');
    const named = /^\/\/ (\S+?)( \(excerpt\))?$/.exec(first);
    snippets.push(
      named
        ? { file: named[1]!, excerpt: named[2] !== undefined, code: rest.join('\n') }
        : { file: null, excerpt: false, code: [first, ...rest].join('\n') },
    );
  }
  return snippets;
}

const ELISION = /^\s*\/\/ …$/;

/**
 * Why `snippet` is not a verbatim part of `source`, or null when it is: a whole-file snippet must equal
 * the file (ignoring blank lines at either end); an excerpt's pieces between `// …` lines must each
 * appear in the file, in order, character for character (indentation included).
 */
export function snippetMismatch(snippet: Snippet, source: string): string | null {
  const trimBlank = (text: string) => text.replace(/^\s*\n/, '').replace(/\s+$/, '');
  if (!snippet.excerpt) {
    return trimBlank(snippet.code) === trimBlank(source) ? null : 'differs from the whole file';
  }
  const pieces: string[] = [];
  let current: string[] = [];
  for (const line of snippet.code.split('\n')) {
    if (ELISION.test(line)) {
      pieces.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  pieces.push(current.join('\n'));
  let from = 0;
  for (const piece of pieces.map(trimBlank).filter((text) => text.length > 0)) {
    const at = source.indexOf(piece, from);
    if (at < 0) return `this part is not in the file (after offset ${from}):\n${piece}`;
    from = at + piece.length;
  }
  return null;
}
