import type { StorageBackend } from '@flags/core';
import type { CliIo } from './io.js';
import { type ConnectOptions, connect } from './storage/connect.js';
import { maskSecrets, secretsOf } from './storage/secrets.js';
import { UsageError } from './usage-error.js';

/** Options every command takes. */
export interface GlobalOptions {
  url?: string;
  redisPrefix?: string;
  tablePrefix?: string;
  json?: boolean;
  progress?: boolean;
}

/**
 * What a command runs with: the I/O, the global options, and the stores it opened (closed when the
 * command ends; their URLs' secrets are masked in every message the run prints).
 */
export class Runtime {
  readonly #stores: StorageBackend[] = [];
  readonly #secrets: string[] = [];

  constructor(
    readonly io: CliIo,
    readonly globals: () => GlobalOptions,
  ) {}

  get json(): boolean {
    return this.globals().json === true;
  }

  /** Whether progress bars may be drawn: stderr is a terminal, and neither `--no-progress` nor `--json` was given. */
  get progress(): boolean {
    const globals = this.globals();
    return globals.progress !== false && globals.json !== true && this.io.stderr.isTTY === true;
  }

  /** The URL of `--url`, or `FLAGS_URL`. @throws UsageError when neither is set */
  url(): string {
    const url = this.globals().url ?? this.io.env.FLAGS_URL;
    if (!url) throw new UsageError('no store given: pass --url URL or set FLAGS_URL');
    return url;
  }

  /** Opens a store (the `--url` one by default); closed when the command ends. */
  async open(url: string = this.url(), extra: Partial<ConnectOptions> = {}): Promise<StorageBackend> {
    this.#secrets.push(...secretsOf(url));
    const globals = this.globals();
    const store = await connect({
      url,
      redisPrefix: globals.redisPrefix,
      tablePrefix: globals.tablePrefix,
      upstashToken: this.io.env.UPSTASH_REDIS_REST_TOKEN,
      ...extra,
    });
    this.#stores.push(store);
    return store;
  }

  /** Records a secret to mask (a token read from the environment). */
  addSecret(secret: string | undefined): void {
    if (secret) this.#secrets.push(secret);
  }

  mask(text: string): string {
    return maskSecrets(text, [
      ...this.#secrets,
      ...secretsOf(this.globals().url ?? ''),
      this.io.env.UPSTASH_REDIS_REST_TOKEN ?? '',
    ]);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#stores.splice(0).map((store) => store.close()));
  }
}
