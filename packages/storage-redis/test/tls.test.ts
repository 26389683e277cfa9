import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StorageError } from '@flags/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStorageBackend } from '../src/index.js';
import { freePorts, RedisProcess } from './support/topology.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'flags-tls-'));
const cert = join(dir, 'cert.pem');
let port = 0;
let server: RedisProcess;

// A redis-server that speaks only TLS, with a certificate made for this run (openssl).
beforeAll(async () => {
  await run('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', cert],
  ]);
  [port] = (await freePorts(1)) as [number];
  server = new RedisProcess(port, [
    ...['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    ...['--tls-cert-file', cert, '--tls-key-file', join(dir, 'key.pem'), '--tls-ca-cert-file', cert],
    ...['--tls-auth-clients', 'no', '--dir', dir],
  ]);
  await server.start(['--tls', '--cacert', cert]);
}, 60_000);
afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('rediss:// (TLS)', () => {
  it('connects over TLS, verifying the server against the CA it is given', async () => {
    const backend = await RedisStorageBackend.create({
      url: `rediss://127.0.0.1:${port}`,
      ioredisOptions: { tls: { ca: readFileSync(cert) } },
    });
    try {
      await backend.createFlag({ key: 'over.tls' });
      expect((await backend.getFlag('over.tls'))?.key).toBe('over.tls');
    } finally {
      await backend.close();
    }
  });

  it('refuses a server whose certificate it cannot verify, with a StorageError', async () => {
    const backend = await RedisStorageBackend.create({ url: `rediss://127.0.0.1:${port}`, timeoutMs: 2000 });
    try {
      const error = await backend.getFlag('x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StorageError);
      expect(await backend.healthCheck()).toBe(false);
    } finally {
      await backend.close();
    }
  });
});
