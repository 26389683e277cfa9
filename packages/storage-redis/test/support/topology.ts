import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Real Redis topologies on loopback for the tests: Sentinel (1 master, 1 replica, 3 sentinels) and
 * Cluster (3 masters, 3 replicas), every process started here on free ports, in a scratch folder,
 * with bounded start-up, and killed (only these processes) when the topology stops or the test
 * process exits.
 */

const run = promisify(execFile);
const STARTUP_MS = 30_000;

/** `redis-cli -p port …args`, its output trimmed; rejects when the command fails. */
export function cli(port: number, ...args: string[]): Promise<string> {
  return cliWith([], port, ...args);
}

/** Like {@link cli}, with options of redis-cli before the command (e.g. `--tls --cacert <file>`). */
async function cliWith(options: readonly string[], port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', [...options, '-h', '127.0.0.1', '-p', String(port), ...args], {
    timeout: 10_000,
  });
  return stdout.trim();
}

/**
 * SET `key`, then `WAIT 1` on the same connection to the master at `port`: once it answers 1, every
 * write the master acknowledged before is on a replica too (replication is one ordered stream).
 * @returns the number of replicas that acknowledged.
 */
export async function replicationBarrier(port: number, key: string): Promise<number> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port)], (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
    child.stdin!.end(`SET ${key} 1\nWAIT 1 5000\n`);
  });
  return Number(output.trim().split('\n').pop());
}

/** Polls `check` until it is true; fails naming `what` after `ms`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, ms = STARTUP_MS): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`[@flags/storage-redis tests] ${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `count` distinct free loopback ports (all held open until every one is picked). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** One redis-server (or sentinel) process of a topology. */
export class RedisProcess {
  readonly port: number;
  readonly #args: string[];
  #child: ChildProcess | undefined;

  constructor(port: number, args: string[]) {
    this.port = port;
    this.#args = args;
  }

  get alive(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the process and waits until it answers PING (through redis-cli with `cliOptions`). */
  async start(cliOptions: readonly string[] = []): Promise<void> {
    const child = spawn('redis-server', this.#args, { stdio: 'ignore' });
    this.#child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    const spawnFailed = new Promise<never>((_, reject) =>
      child.once('error', (error) =>
        reject(new Error(`[@flags/storage-redis tests] cannot start redis-server (is it on PATH?): ${error.message}`)),
      ),
    );
    await Promise.race([
      spawnFailed,
      waitUntil(`redis on port ${this.port}`, async () => (await cliWith(cliOptions, this.port, 'PING')) === 'PONG'),
    ]);
  }

  /** SIGKILL: the process dies as in a crash, nothing flushed or handed over. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

function baseArgs(port: number, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
}

/** One redis-server on its own (the baseline the topologies are compared with), started. */
export async function startStandalone(): Promise<{ url: string; server: RedisProcess; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'flags-single-'));
  const [port] = await freePorts(1);
  const server = new RedisProcess(port!, baseArgs(port!, dir));
  await server.start();
  return {
    url: `redis://127.0.0.1:${port}`,
    server,
    stop: async () => {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A master, its replica and three sentinels watching it as `mymaster` (quorum 2, fast failover). */
export class SentinelTopology {
  static readonly MASTER_NAME = 'mymaster';
  readonly #dir = mkdtempSync(join(tmpdir(), 'flags-sentinel-'));
  master!: RedisProcess;
  replica!: RedisProcess;
  sentinels: RedisProcess[] = [];

  /** The `redis+sentinel://` URL of this topology (db 0 unless given). */
  url(db = 0): string {
    const hosts = this.sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join(',');
    return `redis+sentinel://${hosts}/${SentinelTopology.MASTER_NAME}/${db}`;
  }

  async start(): Promise<void> {
    const [masterPort, replicaPort, ...sentinelPorts] = await freePorts(5);
    this.master = new RedisProcess(masterPort!, baseArgs(masterPort!, join(this.#dir, 'master')));
    this.replica = new RedisProcess(replicaPort!, [
      ...baseArgs(replicaPort!, join(this.#dir, 'replica')),
      '--replicaof',
      '127.0.0.1',
      String(masterPort),
    ]);
    await Promise.all([this.master.start(), this.replica.start()]);
    await waitUntil('the replica syncing', async () =>
      (await cli(replicaPort!, 'INFO', 'replication')).includes('master_link_status:up'),
    );
    this.sentinels = sentinelPorts.map((port, i) => {
      const dir = join(this.#dir, `sentinel-${i}`);
      mkdirSync(dir, { recursive: true });
      const config = join(dir, 'sentinel.conf');
      writeFileSync(
        config,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${SentinelTopology.MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
          // Quick failover, so the tests are quick: down after 1 s, a failed failover retried after 2 s.
          `sentinel down-after-milliseconds ${SentinelTopology.MASTER_NAME} 1000`,
          `sentinel failover-timeout ${SentinelTopology.MASTER_NAME} 2000`,
          `sentinel parallel-syncs ${SentinelTopology.MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
      return new RedisProcess(port!, [config, '--sentinel']);
    });
    await Promise.all(this.sentinels.map((sentinel) => sentinel.start()));
    // Failover needs every sentinel to know the replica and the other sentinels (hello messages, ~2 s).
    await waitUntil('the sentinels discovering each other and the replica', async () => {
      for (const sentinel of this.sentinels) {
        const master = await cli(sentinel.port, 'SENTINEL', 'MASTER', SentinelTopology.MASTER_NAME);
        const fields = master.split('\n');
        const value = (name: string) => fields[fields.indexOf(name) + 1];
        if (value('num-slaves') !== '1' || value('num-other-sentinels') !== '2') return false;
      }
      return true;
    });
  }

  /** The port the sentinels name as master now. */
  async masterPort(): Promise<number> {
    const reply = await cli(
      this.sentinels[0]!.port,
      'SENTINEL',
      'GET-MASTER-ADDR-BY-NAME',
      SentinelTopology.MASTER_NAME,
    );
    return Number(reply.split('\n')[1]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.master, this.replica, ...this.sentinels].filter(Boolean).map((node) => node.kill()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** Three masters with one replica each, slots spread by `redis-cli --cluster create`. */
export class ClusterTopology {
  readonly #dir = mkdtempSync(join(tmpdir(), 'flags-cluster-'));
  nodes: RedisProcess[] = [];

  /** The `redis+cluster://` URL of this topology (every master as a seed). */
  get url(): string {
    return `redis+cluster://${this.nodes
      .slice(0, 3)
      .map((node) => `127.0.0.1:${node.port}`)
      .join(',')}`;
  }

  async start(): Promise<void> {
    const ports = await freePorts(12);
    this.nodes = Array.from({ length: 6 }, (_, i) => {
      const port = ports[i]!;
      return new RedisProcess(port, [
        ...baseArgs(port, join(this.#dir, `node-${i}`)),
        '--cluster-enabled',
        'yes',
        '--cluster-port',
        String(ports[i + 6]),
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        '2000',
      ]);
    });
    await Promise.all(this.nodes.map((node) => node.start()));
    const addresses = this.nodes.map((node) => `127.0.0.1:${node.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], {
      timeout: STARTUP_MS,
    });
    await waitUntil('the cluster state ok and every replica in sync', async () => {
      for (const node of this.nodes) {
        if (!(await cli(node.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok')) return false;
        const replication = await cli(node.port, 'INFO', 'replication');
        if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
      }
      return true;
    });
  }

  /** The node id and port of the master serving `slot` now, as `port`'s view of the cluster says. */
  async ownerOf(slot: number, askPort = this.nodes[0]!.port): Promise<{ id: string; port: number }> {
    const lines = (await cli(askPort, 'CLUSTER', 'NODES')).split('\n');
    for (const line of lines) {
      const [id, address, flags, , , , , , ...ranges] = line.split(' ');
      if (!flags?.includes('master')) continue;
      for (const range of ranges) {
        const [from, to = from] = range.split('-').map(Number);
        if (slot >= from! && slot <= to!) return { id: id!, port: Number(address!.split(':')[1]!.split('@')[0]) };
      }
    }
    throw new Error(`no master serves slot ${slot}`);
  }

  /** The node id and port of every master. */
  async masters(): Promise<{ id: string; port: number }[]> {
    const lines = (await cli(this.nodes[0]!.port, 'CLUSTER', 'NODES')).split('\n');
    return lines
      .map((line) => line.split(' '))
      .filter(([, , flags]) => flags?.includes('master') && !flags.includes('fail'))
      .map(([id, address]) => ({ id: id!, port: Number(address!.split(':')[1]!.split('@')[0]) }));
  }

  /** GET `key` on the replica of master `masterId` (READONLY on that connection: no redirection). */
  async readOnReplica(masterId: string, key: string): Promise<string> {
    const lines = (await cli(this.nodes[0]!.port, 'CLUSTER', 'NODES')).split('\n').map((line) => line.split(' '));
    const replica = lines.find(([, , flags, of]) => flags?.includes('slave') && of === masterId);
    if (!replica) throw new Error(`master ${masterId} has no replica`);
    const port = replica[1]!.split(':')[1]!.split('@')[0]!;
    const output = await new Promise<string>((resolve, reject) => {
      const child = execFile('redis-cli', ['-h', '127.0.0.1', '-p', port], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
      child.stdin!.end(`READONLY\nGET ${key}\n`);
    });
    return output.trim().split('\n').slice(1).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
