import { StorageError } from '../errors.js';

/** A call in flight: when it started and how to end it. */
interface PendingCall<R = unknown> {
  /** `performance.now()` when the call started. */
  startedAt: number;
  settled: boolean;
  resolve: (value: R | Promise<R>) => void;
  recover: (error: unknown) => R;
}

/** What `setTimeout` returns: a Node/Bun `Timeout` (with `ref`/`unref`) or a number (browsers, Deno). */
type Timer = ReturnType<typeof setTimeout>;

/** `work()`, with a synchronous throw turned into a rejection. */
function start<R>(work: () => Promise<R>): Promise<R> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `recover(error)`, or a rejection with what it threw (resolving with a rejected promise adopts it). */
function recoverFrom<R>(recover: (error: unknown) => R, error: unknown): R | Promise<never> {
  try {
    return recover(error);
  } catch (thrown) {
    return Promise.reject(thrown);
  }
}

/** Past this many settled calls at the front, the queue is compacted. */
const COMPACT_AFTER = 1024;

/**
 * Runs storage work under a time limit: once the work has taken `timeoutMs` without settling, wherever
 * it is stuck, the call gives up on it with a `StorageError`.
 *
 * One timer serves every call of a client instead of a timer per call (a `setTimeout`, a race and a
 * clear cost ≈ 1 µs per evaluation, more than an evaluation on an in-process backend). All calls share
 * one limit, so they expire in the order they started: the calls in flight wait in a queue and the timer
 * is armed for the oldest. When it fires, the next call's remaining time is the gap between the two
 * calls' starts (on the monotonic `performance.now()` clock), and the timer is armed again for that.
 * While no call is in flight the timer is unreferenced (Node, Bun: it never holds a process open) or
 * cleared (elsewhere).
 */
export class TimeLimit {
  readonly #timeoutMs: number;
  readonly #queue: PendingCall[] = [];
  #head = 0;
  #inFlight = 0;
  #timer: Timer | undefined;
  /** When (in `performance.now()` terms) the armed timer is due. */
  #dueAt = 0;

  /** @param timeoutMs the limit; `0`, a negative number or `Infinity` means none. */
  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs > 0 && Number.isFinite(timeoutMs) ? timeoutMs : 0;
  }

  /**
   * What `work()` resolves to; when it rejects, throws, or has not settled within the limit (then with a
   * `StorageError`), what `recover(error)` returns. Never rejects unless `recover` throws.
   */
  run<R>(work: () => Promise<R>, recover: (error: unknown) => R): Promise<R> {
    if (this.#timeoutMs === 0) return start(work).then(undefined, recover);
    return new Promise<R>((resolve) => {
      const call: PendingCall<R> = { startedAt: performance.now(), settled: false, resolve, recover };
      this.#enqueue(call as PendingCall);
      start(work).then(
        (value) => {
          if (this.#settle(call as PendingCall)) resolve(value);
        },
        (error: unknown) => {
          if (this.#settle(call as PendingCall)) resolve(recoverFrom(recover, error));
        },
      );
    });
  }

  #enqueue(call: PendingCall): void {
    this.#queue.push(call);
    if (this.#inFlight++ > 0) return;
    if (this.#timer === undefined) this.#arm(call.startedAt + this.#timeoutMs, this.#timeoutMs);
    else (this.#timer as { ref?: () => void }).ref?.();
  }

  /** Marks `call` done; false when the limit already failed it. */
  #settle(call: PendingCall): boolean {
    if (call.settled) return false;
    call.settled = true;
    this.#dropSettled();
    if (--this.#inFlight === 0) this.#idle();
    return true;
  }

  #dropSettled(): void {
    const queue = this.#queue;
    while (this.#head < queue.length && queue[this.#head]!.settled) this.#head++;
    if (this.#head === queue.length) {
      // One call in flight at a time is the common case; `pop` empties that queue cheapest.
      if (queue.length === 1) queue.pop();
      else queue.length = 0;
      this.#head = 0;
    } else if (this.#head > COMPACT_AFTER && this.#head * 2 > queue.length) {
      queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #idle(): void {
    const timer = this.#timer as { unref?: () => void } | undefined;
    if (typeof timer?.unref === 'function') {
      timer.unref();
    } else {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #arm(dueAt: number, delayMs: number): void {
    this.#dueAt = dueAt;
    this.#timer = setTimeout(() => this.#fire(), delayMs);
  }

  #fire(): void {
    this.#timer = undefined;
    const firedAt = this.#dueAt;
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const call = queue[this.#head]!;
      if (!call.settled) {
        // Clamped, in case a runtime's clock (frozen or coarse in some sandboxes) misbehaves.
        const remaining = Math.min(Math.max(call.startedAt + this.#timeoutMs - firedAt, 0), this.#timeoutMs);
        if (remaining > 0) {
          this.#arm(firedAt + remaining, remaining);
          break;
        }
        call.settled = true;
        this.#inFlight--;
        const error = new StorageError(`[@flags/core] storage did not answer within ${this.#timeoutMs} ms`);
        call.resolve(recoverFrom(call.recover, error));
      }
      this.#head++;
    }
    this.#dropSettled();
  }
}
