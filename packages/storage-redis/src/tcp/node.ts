import { StorageError } from '@flags/core';
import type { RedisCommands } from '../commands.js';
import type { RedisTarget } from '../connect/url.js';
import { PACKAGE } from '../errors.js';
import { ioredisCommands } from '../ioredis/adapter.js';
import { type IoRedisModule, ioredisClientFor, type TcpClientOptions } from '../ioredis/clients.js';

/** How the TCP client package is loaded; replaced only by tests that need it missing. @internal */
export type ImportIoRedis = () => Promise<IoRedisModule>;

/**
 * The TCP client for runtimes with sockets (Node, Bun, Deno): loads ioredis on first use, so an app
 * that only uses an https:// URL never loads it, and builds a client for the target.
 */
export async function openTcpClient(
  target: Exclude<RedisTarget, { kind: 'rest' }>,
  options: TcpClientOptions,
  importIoRedis: ImportIoRedis = () => import('ioredis'),
): Promise<RedisCommands> {
  let ioredis: IoRedisModule;
  try {
    ioredis = await importIoRedis();
  } catch (error) {
    const missing = /cannot find|not found|ERR_MODULE_NOT_FOUND/i.test(String((error as Error)?.message ?? error));
    throw new StorageError(
      missing
        ? `${PACKAGE} redis://, rediss://, redis+sentinel:// and redis+cluster:// URLs use the ioredis package, which is not installed: run \`npm install ioredis\` (or use an https:// Upstash URL)`
        : `${PACKAGE} loading ioredis failed: ${(error as Error)?.message ?? String(error)}`,
    );
  }
  return ioredisCommands(ioredisClientFor(ioredis, target, options));
}
