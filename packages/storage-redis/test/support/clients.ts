import { Redis as Upstash } from '@upstash/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RedisCommands, RedisStorageBackend, upstashCommands } from '../../src/index.js';
import { ioredisCommands } from '../../src/ioredis/index.js';
import { connectTestRedis, deleteKeysUnder, redisUrl, uniqueSuffix } from './redis-env.js';
import { startUpstashServer, type UpstashServer } from './upstash-server.js';

/** The two kinds of client the backend is tested through. */
export const CLIENTS = ['upstash', 'ioredis'] as const;
export type ClientKind = (typeof CLIENTS)[number];

/**
 * What the Redis-specific tests share: the real Redis (ioredis, for SCAN/PTTL bookkeeping), the
 * Upstash-compatible server in front of it, and backends of either client under a prefix of this run.
 */
class TestClients {
  readonly root = `${uniqueSuffix('redis')}:`;
  redis!: Redis;
  server!: UpstashServer;
  readonly #opened: { close(): Promise<void> }[] = [];

  /** Why the suite cannot run (Redis missing); every test then fails with it. */
  unavailable: Error | undefined;

  async start(): Promise<void> {
    try {
      this.redis = await connectTestRedis();
    } catch (error) {
      this.unavailable = error as Error;
      return;
    }
    this.server = await startUpstashServer(redisUrl());
  }

  /**
   * The adapter of `kind`. The Upstash client keeps @upstash/redis's defaults — automatic JSON
   * deserialisation included — to prove the backend does not depend on them.
   */
  commands(kind: ClientKind): RedisCommands {
    if (kind === 'upstash') {
      const upstash = new Upstash({ url: this.server.url, token: this.server.token, enableTelemetry: false });
      return upstashCommands(upstash);
    }
    const io = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
    io.on('error', () => {});
    this.#opened.push({ close: async () => void io.disconnect() });
    return ioredisCommands(io);
  }

  /** A backend of `kind` under `<root><label>:`. */
  open(kind: ClientKind, label: string, wrap: (c: RedisCommands) => RedisCommands = (c) => c): RedisStorageBackend {
    const backend = new RedisStorageBackend({ commands: wrap(this.commands(kind)), prefix: this.prefixOf(label) });
    this.#opened.push(backend);
    return backend;
  }

  prefixOf(label: string): string {
    return `${this.root}${label}:`;
  }

  async stop(): Promise<void> {
    for (const item of this.#opened) await item.close();
    await this.server?.close();
    if (this.redis) {
      await deleteKeysUnder(this.redis, this.root);
      this.redis.disconnect();
    }
  }
}

/** Wraps an adapter so every round trip is counted. */
export function counting(inner: RedisCommands): RedisCommands & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    secrets: inner.secrets,
    send(command) {
      calls.push(command[0]!);
      return inner.send(command);
    },
    close: () => inner.close(),
  };
}

/**
 * The shared clients of a test file, started before its tests and stopped after them. A missing
 * Redis fails every test of the file (never a skip) with the message naming the URL and env var.
 */
export function useTestClients(): TestClients {
  const env = new TestClients();
  beforeAll(() => env.start());
  beforeEach(() => {
    if (env.unavailable) throw env.unavailable;
  });
  afterAll(() => env.stop());
  return env;
}

export type { TestClients };
