import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSnapshot, type StoreFile, serialiseSnapshot } from './file-format.js';

/** The file a store lives in: read whole when the backend opens, replaced whole on every save. */
export class JsonFile {
  /** The absolute path of the file. */
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
  }

  /** The snapshot on disk; `undefined` while the file does not exist yet (a new store). */
  async load(): Promise<StoreFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseSnapshot(text);
  }

  /**
   * Replaces the file in one step: the snapshot goes to a temporary file beside it, is flushed to
   * disk, then renamed over the old one. A reader, or a crash at any moment, sees the old store or
   * the new one — never half of one.
   */
  async save(contents: StoreFile): Promise<void> {
    const temporary = `${this.path}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(serialiseSnapshot(contents));
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
}
