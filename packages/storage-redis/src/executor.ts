import type { RedisCommands, RedisReply } from './commands.js';
import { toStorageError } from './errors.js';

/** A Lua script the backend runs with EVALSHA (falling back to EVAL when the server lost it). */
export interface LuaScript {
  /** Names the script in error messages. */
  readonly name: string;
  readonly source: string;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const shas = new Map<string, string>();

// Web Crypto rather than the Node crypto module, so the package runs on edge runtimes too.
async function sha1(source: string): Promise<string> {
  let sha = shas.get(source);
  if (sha === undefined) {
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(source)));
    sha = Array.from(digest, (byte) => HEX[byte]).join('');
    shas.set(source, sha);
  }
  return sha;
}

/**
 * Runs commands through a {@link RedisCommands} with a time limit per round trip, and turns every
 * failure into a `StorageError` with secrets masked.
 * @internal
 */
export class CommandExecutor {
  readonly #client: RedisCommands;
  readonly #timeoutMs: number;
  readonly #secrets: readonly string[];

  constructor(client: RedisCommands, timeoutMs: number) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#secrets = client.secrets ?? [];
  }

  /** One command, one round trip. */
  async send(command: readonly string[], action: string): Promise<RedisReply> {
    try {
      return await this.#bounded(this.#client.send(command));
    } catch (error) {
      throw toStorageError(error, action, this.#secrets);
    }
  }

  /** Runs `script` (one round trip; two the first time a server sees it). */
  async eval(script: LuaScript, keys: readonly string[], args: readonly string[], action: string): Promise<RedisReply> {
    const sha = shas.get(script.source) ?? (await sha1(script.source));
    const tail = [String(keys.length), ...keys, ...args];
    try {
      try {
        return await this.#bounded(this.#client.send(['EVALSHA', sha, ...tail]));
      } catch (error) {
        if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
        return await this.#bounded(this.#client.send(['EVAL', script.source, ...tail]));
      }
    } catch (error) {
      throw toStorageError(error, `${action} (script ${script.name})`, this.#secrets);
    }
  }

  /** Releases the client's connection; never throws. */
  async close(): Promise<void> {
    try {
      await this.#bounded(this.#client.close());
    } catch {
      // Closing a broken connection has nothing left to release.
    }
  }

  #bounded<T>(promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
