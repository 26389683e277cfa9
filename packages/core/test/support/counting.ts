import type { StorageBackend } from '../../src/storage/index.js';

/** A backend wrapped so that every method call is counted, and any method can be made to fail or hang. */
export interface CountingBackend {
  backend: StorageBackend;
  /** Calls per method name since the last {@link CountingBackend.reset}. */
  calls: Record<string, number>;
  /** Total calls since the last reset. */
  total(): number;
  reset(): void;
  /** Makes `method` run `fault` instead (throw, reject or never settle). */
  fail(method: keyof StorageBackend, fault: (...args: unknown[]) => unknown): void;
}

/** Wraps `inner`; a real store cannot be made to fail or hang on demand, a wrapper can. */
export function countingBackend(inner: StorageBackend): CountingBackend {
  const calls: Record<string, number> = {};
  const faults = new Map<string, (...args: unknown[]) => unknown>();
  const backend = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls[property] = (calls[property] ?? 0) + 1;
        const fault = faults.get(property);
        return fault ? fault(...args) : value.apply(target, args);
      };
    },
  });
  return {
    backend,
    calls,
    total: () => Object.values(calls).reduce((a, b) => a + b, 0),
    reset() {
      for (const key of Object.keys(calls)) delete calls[key];
    },
    fail(method, fault) {
      faults.set(method, fault);
    },
  };
}
