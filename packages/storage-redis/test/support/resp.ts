import { connect, type Socket } from 'node:net';

/** A RESP2 reply with its type kept (the Upstash encoding treats status and bulk strings differently). */
export type RespValue =
  | { type: 'status'; value: string }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'bulk'; value: Buffer | null }
  | { type: 'array'; value: RespValue[] | null };

const CRLF = Buffer.from('\r\n');

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `offset`; undefined when the buffer does not hold all of it yet. */
export function parseReply(buf: Buffer, offset: number): [RespValue, number] | undefined {
  const end = buf.indexOf(CRLF, offset);
  if (end < 0) return undefined;
  const line = buf.toString('utf8', offset + 1, end);
  const next = end + 2;
  switch (String.fromCharCode(buf[offset]!)) {
    case '+':
      return [{ type: 'status', value: line }, next];
    case '-':
      return [{ type: 'error', value: line }, next];
    case ':':
      return [{ type: 'integer', value: Number(line) }, next];
    case '$': {
      const length = Number(line);
      if (length < 0) return [{ type: 'bulk', value: null }, next];
      if (buf.length < next + length + 2) return undefined;
      return [{ type: 'bulk', value: buf.subarray(next, next + length) }, next + length + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [{ type: 'array', value: null }, next];
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const parsed = parseReply(buf, at);
        if (!parsed) return undefined;
        items.push(parsed[0]);
        at = parsed[1];
      }
      return [{ type: 'array', value: items }, at];
    }
    default:
      throw new Error(`unexpected RESP type byte ${buf[offset]}`);
  }
}

interface Pending {
  count: number;
  replies: RespValue[];
  resolve: (replies: RespValue[]) => void;
  reject: (error: Error) => void;
}

/**
 * One pipelined RESP connection to Redis. A batch of commands is written in one piece and its replies
 * come back in order, so a MULTI … EXEC batch is never interleaved with another caller's commands.
 * A broken connection fails what is pending and is re-opened by the next batch.
 */
export class RespConnection {
  readonly #host: string;
  readonly #port: number;
  readonly #setup: Buffer[][];
  #socket: Socket | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: Pending[] = [];

  constructor(url: string) {
    const parsed = new URL(url);
    this.#host = parsed.hostname || '127.0.0.1';
    this.#port = Number(parsed.port || 6379);
    this.#setup = [];
    const password = decodeURIComponent(parsed.password);
    if (password) this.#setup.push([Buffer.from('AUTH'), Buffer.from(password)]);
    const db = parsed.pathname.slice(1);
    if (db) this.#setup.push([Buffer.from('SELECT'), Buffer.from(db)]);
  }

  #open(): Socket {
    if (this.#socket && !this.#socket.destroyed) return this.#socket;
    const socket = connect({ host: this.#host, port: this.#port });
    socket.setNoDelay(true);
    this.#buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => this.#receive(chunk));
    const fail = (error: Error) => {
      if (this.#socket === socket) this.#socket = undefined;
      const pending = this.#pending;
      this.#pending = [];
      for (const p of pending) p.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection to Redis closed')));
    this.#socket = socket;
    for (const command of this.#setup) this.#enqueue(socket, [command]).catch(() => {});
    return socket;
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let offset = 0;
    while (offset < this.#buffer.length && this.#pending.length > 0) {
      const parsed = parseReply(this.#buffer, offset);
      if (!parsed) break;
      offset = parsed[1];
      const head = this.#pending[0]!;
      head.replies.push(parsed[0]);
      if (head.replies.length === head.count) {
        this.#pending.shift();
        head.resolve(head.replies);
      }
    }
    this.#buffer = this.#buffer.subarray(offset);
  }

  #enqueue(socket: Socket, commands: readonly (readonly (string | Buffer)[])[]): Promise<RespValue[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ count: commands.length, replies: [], resolve, reject });
      socket.write(Buffer.concat(commands.map(encodeCommand)));
    });
  }

  /** Sends the commands as one batch; resolves with one reply per command (errors included as replies). */
  send(commands: readonly (readonly (string | Buffer)[])[]): Promise<RespValue[]> {
    return this.#enqueue(this.#open(), commands);
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }
}
