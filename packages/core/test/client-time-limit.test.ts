import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeatureFlagClient } from '../src/client/index.js';
import { TimeLimit } from '../src/client/time-limit.js';
import { StorageError } from '../src/errors.js';
import { countingBackend } from './support/counting.js';
import { EvaluationStore } from './support/evaluation-store.js';

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

/** A promise with a flag telling whether it has settled yet. */
function watch<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return { promise, settled: () => settled };
}

const recoverWith = (error: unknown) => (error instanceof StorageError ? `failed: ${error.message}` : 'other');

afterEach(() => {
  vi.useRealTimers();
});

describe('TimeLimit (one timer for every call of a client)', () => {
  it('gives each call its own full limit, counted from its own start', async () => {
    vi.useFakeTimers();
    const limit = new TimeLimit(50);
    const first = watch(limit.run(never<string>, recoverWith));
    await vi.advanceTimersByTimeAsync(30);
    const second = watch(limit.run(never<string>, recoverWith));
    const slow = watch(limit.run(() => after(45, 'answered'), recoverWith)); // answers at 75, due at 80
    await vi.advanceTimersByTimeAsync(19);
    expect(first.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await first.promise).toBe('failed: [@flags/core] storage did not answer within 50 ms');
    expect(second.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(29);
    expect(await slow.promise).toBe('answered');
    expect(second.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await second.promise).toBe('failed: [@flags/core] storage did not answer within 50 ms');
  });

  it('passes answers and failures through, turning a throw or rejection into the recovery', async () => {
    const limit = new TimeLimit(1000);
    expect(await limit.run<number | string>(async () => 7, recoverWith)).toBe(7);
    expect(await limit.run(() => Promise.reject(new StorageError('[@flags/test] down')), recoverWith)).toBe(
      'failed: [@flags/test] down',
    );
    expect(
      await limit.run(() => {
        throw new TypeError('sync');
      }, recoverWith),
    ).toBe('other');
    const unlimited = new TimeLimit(0);
    expect(await unlimited.run(() => Promise.reject(new Error('x')), recoverWith)).toBe('other');
  });

  it('an answer after the limit is ignored: the recovery stands', async () => {
    vi.useFakeTimers();
    const limit = new TimeLimit(10);
    const late = limit.run(() => after(20, 'late'), recoverWith);
    await vi.advanceTimersByTimeAsync(25);
    expect(await late).toContain('within 10 ms');
  });

  it('holds no referenced timer once no call is in flight, so it never keeps a process alive', async () => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms: number) => {
      const timer = realSetTimeout(run, ms);
      timers.push(timer);
      return timer;
    }) as typeof setTimeout);
    try {
      const limit = new TimeLimit(60_000);
      let release!: (value: string) => void;
      const pending = limit.run(() => new Promise<string>((resolve) => (release = resolve)), recoverWith);
      expect(timers).toHaveLength(1);
      expect(timers[0]!.hasRef()).toBe(true);
      release('done');
      expect(await pending).toBe('done');
      expect(timers[0]!.hasRef()).toBe(false);
      // Sequential calls reuse the one timer.
      for (let i = 0; i < 5; i++) expect(await limit.run<number | string>(async () => i, recoverWith)).toBe(i);
      expect(timers).toHaveLength(1);
      expect(timers[0]!.hasRef()).toBe(false);
      clearTimeout(timers[0]);
    } finally {
      spy.mockRestore();
    }
  });

  it('many calls in flight: the stuck ones time out, the others answer', async () => {
    vi.useFakeTimers();
    const store = new EvaluationStore();
    await store.createFlag({ key: 'limit', flagType: 'number', defaultValue: 10 });
    const counted = countingBackend(store);
    counted.fail('getFlag', (key) => (key === 'stuck' ? never() : after(5, null).then(() => store.getFlag('limit'))));
    const client = new FeatureFlagClient({ storage: counted.backend, timeoutMs: 40 });
    const calls = Array.from({ length: 200 }, (_, i) => client.getNumberDetails(i % 4 === 0 ? 'stuck' : 'limit', -1));
    await vi.advanceTimersByTimeAsync(40);
    const results = await Promise.all(calls);
    expect(results.filter((d) => d.errorCode === 'GENERAL')).toHaveLength(50);
    expect(results.filter((d) => d.value === 10 && d.reason === 'STATIC')).toHaveLength(150);
  });
});
