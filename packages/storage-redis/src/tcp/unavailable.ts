import type { RedisCommands } from '../commands.js';
import type { RedisTarget } from '../connect/url.js';
import { optionsError } from '../errors.js';
import type { ImportIoRedis } from './node.js';

/**
 * The TCP client where the runtime has no sockets (edge and browser builds resolve the package's
 * `#tcp-client` import here): every TCP URL is refused with the fix.
 */
export async function openTcpClient(
  _target: Exclude<RedisTarget, { kind: 'rest' }>,
  _options: unknown,
  _importIoRedis?: ImportIoRedis,
): Promise<RedisCommands> {
  throw optionsError(
    'url',
    'this runtime has no TCP sockets (an edge or browser build), so redis://, rediss://, redis+sentinel:// and redis+cluster:// URLs cannot work here: use an https:// Upstash URL with its token',
  );
}
