import type { StorageBackend } from '@flags/core';
import { maskSecrets } from '@flags/core/backend';
import type { CliIo } from './io.js';
import { type ConnectOptions, connect } from './storage/connect.js';
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
 * command ends; credentials are masked in every message the run prints).
 */
export class Runtime {
  readonly #stores: StorageBackend[] = [];

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

  /** `text` with every credential masked where it shows as one (a URL's password, `Bearer …`, `token=…`). */
  mask(text: string): string {
    return maskSecrets(text);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#stores.splice(0).map((store) => store.close()));
  }
}
