/**
 * An Upstash-compatible REST server for tests and benchmarks, in front of a real Redis: `POST /` with a
 * JSON command array, `POST /pipeline` and `POST /multi-exec` with an array of them, Bearer-token
 * auth, and the `Upstash-Encoding: base64` response encoding @upstash/redis asks for by default
 * (every string base64 except a top-level `OK` status, integers as numbers, nil as null, arrays as
 * arrays). Redis errors pass through as `{ "error": "…" }` (HTTP 400 for a single command, per
 * entry for a pipeline). No npm package serves this protocol, so it lives here.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RespConnection, type RespValue } from './resp.js';

/** A running server; `url` and `token` go to `new Redis({ url, token })`. */
export interface UpstashServer {
  url: string;
  token: string;
  /** Requests served so far, by path (`/`, `/pipeline`, `/multi-exec`). */
  readonly requests: Map<string, number>;
  close(): Promise<void>;
}

type Json = string | number | null | Json[] | { [key: string]: Json };

function toJson(value: RespValue, base64: boolean, topLevel: boolean): Json {
  switch (value.type) {
    case 'status':
      return !base64 || (topLevel && value.value === 'OK') ? value.value : Buffer.from(value.value).toString('base64');
    case 'bulk':
      if (value.value === null) return null;
      return value.value.toString(base64 ? 'base64' : 'utf8');
    case 'integer':
      return value.value;
    case 'error':
      return { error: value.value };
    case 'array':
      return value.value === null ? null : value.value.map((item) => toJson(item, base64, false));
  }
}

function entry(value: RespValue, base64: boolean): Json {
  return value.type === 'error' ? { error: value.value } : { result: toJson(value, base64, true) };
}

function isCommand(value: unknown): value is (string | number)[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number');
}

function asArgs(command: (string | number)[]): string[] {
  return command.map(String);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function serve(redis: RespConnection, path: string, body: unknown, base64: boolean): Promise<[number, Json]> {
  if (path === '/') {
    if (!isCommand(body)) return [400, { error: 'ERR the body must be a JSON array holding a command' }];
    const [value] = await redis.send([asArgs(body)]);
    return value!.type === 'error' ? [400, { error: value!.value }] : [200, { result: toJson(value!, base64, true) }];
  }
  if (!Array.isArray(body) || !body.every(isCommand)) {
    return [400, { error: 'ERR the body must be a JSON array of commands' }];
  }
  const commands = body.map(asArgs);
  if (path === '/pipeline') {
    const values = await redis.send(commands);
    return [200, values.map((value) => entry(value, base64))];
  }
  const values = await redis.send([['MULTI'], ...commands, ['EXEC']]);
  const exec = values[values.length - 1]!;
  if (exec.type === 'error') return [400, { error: exec.value }];
  const results = exec.type === 'array' && exec.value ? exec.value : [];
  return [200, results.map((value) => entry(value, base64))];
}

/**
 * Starts the server on a free loopback port, forwarding to the Redis at `redisUrl`
 * (`redis://[:password@]host:port[/db]`). Each test file starts its own.
 */
export async function startUpstashServer(redisUrl: string, token = 'test-token'): Promise<UpstashServer> {
  const redis = new RespConnection(redisUrl);
  const requests = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    try {
      if (req.method !== 'POST') return reply(res, 405, { error: 'only POST is served' });
      if (req.headers.authorization !== `Bearer ${token}`) return reply(res, 401, { error: 'Unauthorized' });
      if (path !== '/' && path !== '/pipeline' && path !== '/multi-exec') {
        return reply(res, 404, { error: `no such endpoint ${path}` });
      }
      requests.set(path, (requests.get(path) ?? 0) + 1);
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return reply(res, 400, { error: 'ERR the body is not JSON' });
      }
      const base64 = String(req.headers['upstash-encoding']).toLowerCase() === 'base64';
      const [status, json] = await serve(redis, path, body, base64);
      reply(res, status, json);
    } catch (error) {
      // Redis unreachable: what a proxy in front of a dead database answers.
      reply(res, 502, { error: `ERR Redis unreachable: ${(error as Error).message}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        redis.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
