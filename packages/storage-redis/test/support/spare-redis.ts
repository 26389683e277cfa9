import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A `redis-server` of our own on a spare port (no persistence), for the tests that stop and restart
 * Redis; the shared server on 6379 is never touched. Only the process started here is ever killed.
 */
export class SpareRedis {
  readonly port: number;
  readonly password: string;
  /** Where the append-only file goes when the data must survive a restart; none: nothing is kept. */
  readonly dataDir: string | undefined;
  #process: ChildProcess | undefined;

  constructor(port: number, password: string, dataDir?: string) {
    this.port = port;
    this.password = password;
    this.dataDir = dataDir;
  }

  async start(): Promise<void> {
    const persistence =
      this.dataDir === undefined
        ? ['--appendonly', 'no']
        : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dataDir];
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence];
    const child = spawn('redis-server', [...args, '--requirepass', this.password], { stdio: 'ignore' });
    this.#process = child;
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(new Error(`[@flags/storage-redis tests] cannot start redis-server (is it on PATH?): ${error.message}`)),
      );
    });
    const ready = (async () => {
      for (let i = 0; i < 100; i++) {
        if (await answers(this.port)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`[@flags/storage-redis tests] redis-server did not answer on port ${this.port}`);
    })();
    await Promise.race([ready, failed]);
  }

  async stop(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
