import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { emptyDocument, parseDocument, type StoreDocument, serialiseDocument } from './document.js';

// One queue per file in this process: writers of the same path never interleave their
// read-modify-write, even through two backend instances (a store and its reopened twin).
const writeQueues = new Map<string, Promise<unknown>>();

/** The file a store lives in: whole-document reads, atomic whole-document writes. */
export class JsonFile {
  /** The absolute path of the file. */
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
  }

  /** The document on disk; an empty one while the file does not exist yet. */
  async load(): Promise<StoreDocument> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyDocument();
      throw error;
    }
    return parseDocument(text);
  }

  /**
   * Replaces the file in one step: the document goes to a temporary file beside it, is flushed to
   * disk, then renamed over the old one. A reader, or a crash at any moment, sees the old document
   * or the new one — never half of one.
   */
  async save(document: StoreDocument): Promise<void> {
    const temporary = `${this.path}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(serialiseDocument(document));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Runs `update` once every earlier update of this file in this process has settled. */
  exclusive<T>(update: () => Promise<T>): Promise<T> {
    const previous = writeQueues.get(this.path) ?? Promise.resolve();
    const result = previous.then(update, update);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    writeQueues.set(this.path, settled);
    void settled.then(() => {
      if (writeQueues.get(this.path) === settled) writeQueues.delete(this.path);
    });
    return result;
  }
}
