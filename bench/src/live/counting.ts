import type { StorageBackend } from '@flags/core';

/** A backend whose method calls are counted (each is one round trip to the store). */
export function countCalls(backend: StorageBackend): { backend: StorageBackend; calls(): number; reset(): void } {
  let calls = 0;
  const counted = new Proxy(backend, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        return value.apply(target, args);
      };
    },
  });
  return {
    backend: counted,
    calls: () => calls,
    reset: () => {
      calls = 0;
    },
  };
}

/** Runs `work` over `items`, `width` at a time. */
export async function inPool<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `q`-quantile (0–1) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
