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

/** Writes wait for this many replicas to acknowledge them (Redis WAIT), for at most `timeoutMs`. */
export interface Replication {
  replicas: number;
  timeoutMs: number;
}

interface PendingCall {
  deadline: number;
  reject: (error: Error) => void;
}

/**
 * Runs commands through a {@link RedisCommands} with a time limit per round trip, and turns every
 * failure into a `StorageError` with credentials masked.
 * @internal
 */
export class CommandExecutor {
  readonly #client: RedisCommands;
  readonly #timeoutMs: number;
  readonly #replication: Replication;
  readonly #pending = new Set<PendingCall>();
  #watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(client: RedisCommands, timeoutMs: number, replication: Replication = { replicas: 0, timeoutMs: 0 }) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#replication = replication;
  }

  /** One command, one round trip. */
  async send(command: readonly string[], action: string): Promise<RedisReply> {
    try {
      return await this.#bounded(this.#client.send(command));
    } catch (error) {
      throw toStorageError(error, action, this.#client.target);
    }
  }

  /** Runs `script` (one round trip; two the first time a server sees it). */
  async eval(script: LuaScript, keys: readonly string[], args: readonly string[], action: string): Promise<RedisReply> {
    return this.#eval(script, keys, args, action, (command) => this.#client.send(command));
  }

  /**
   * Runs a write script like {@link CommandExecutor.eval}; when writes wait for replicas, the same
   * round trip waits for them and too few acknowledgements reject with `StorageError`.
   */
  async evalWrite(
    script: LuaScript,
    keys: readonly string[],
    args: readonly string[],
    action: string,
  ): Promise<RedisReply> {
    const { replicas, timeoutMs } = this.#replication;
    const sendReplicated = this.#client.sendReplicated;
    if (replicas === 0 || !sendReplicated) return this.eval(script, keys, args, action);
    const reply = await this.#eval(
      script,
      keys,
      args,
      action,
      async (command) => {
        const [result, acknowledged] = await sendReplicated.call(this.#client, command, replicas, timeoutMs);
        if (acknowledged < replicas) {
          throw new Error(
            `the write is applied on the primary but only ${acknowledged} of ${replicas} replicas acknowledged it within ${timeoutMs} ms (it is lost if the primary fails before it replicates)`,
          );
        }
        return result;
      },
      timeoutMs,
    );
    return reply;
  }

  async #eval(
    script: LuaScript,
    keys: readonly string[],
    args: readonly string[],
    action: string,
    send: (command: readonly string[]) => Promise<RedisReply>,
    extraMs = 0,
  ): Promise<RedisReply> {
    const sha = shas.get(script.source) ?? (await sha1(script.source));
    const tail = [String(keys.length), ...keys, ...args];
    try {
      try {
        return await this.#bounded(send(['EVALSHA', sha, ...tail]), extraMs);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
        return await this.#bounded(send(['EVAL', script.source, ...tail]), extraMs);
      }
    } catch (error) {
      throw toStorageError(error, `${action} (script ${script.name})`, this.#client.target);
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

  // One coarse watchdog instead of a timer per call: a round trip on loopback takes tens of µs, and
  // arming and clearing a timer for each would add a measurable share of that.
  #bounded<T>(promise: Promise<T>, extraMs = 0): Promise<T> {
    if (!(this.#timeoutMs > 0 && Number.isFinite(this.#timeoutMs))) return promise;
    return new Promise<T>((resolve, reject) => {
      const call: PendingCall = { deadline: Date.now() + this.#timeoutMs + extraMs, reject };
      this.#pending.add(call);
      this.#watch();
      promise.then(
        (value) => {
          this.#pending.delete(call);
          resolve(value);
        },
        (error: unknown) => {
          this.#pending.delete(call);
          reject(error);
        },
      );
    });
  }

  #watch(): void {
    if (this.#watchdog !== undefined) return;
    const tick = Math.min(250, Math.max(10, this.#timeoutMs / 4));
    this.#watchdog = setInterval(() => {
      const now = Date.now();
      for (const call of this.#pending) {
        if (call.deadline > now) continue;
        this.#pending.delete(call);
        call.reject(
          new Error(
            `no answer from Redis within ${this.#timeoutMs} ms: check that the server is up and reachable, or raise timeoutMs`,
          ),
        );
      }
      if (this.#pending.size === 0) {
        clearInterval(this.#watchdog);
        this.#watchdog = undefined;
      }
    }, tick);
    // Never keep a Node process alive just to time out calls (other runtimes return a number).
    (this.#watchdog as { unref?: () => void }).unref?.();
  }
}
