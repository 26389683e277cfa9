import { type StorageBackend, StorageError } from '@flags/core';

/** A backend whose store can be "taken down" (every call rejects) and counted: a memory store cannot fail on its own. */
export interface Switchable<B extends StorageBackend> {
  backend: B;
  /** Calls per method since the last reset. */
  calls: Record<string, number>;
  total(): number;
  reset(): void;
  down: boolean;
}

export function switchable<B extends StorageBackend>(inner: B): Switchable<B> {
  const state: Switchable<B> = {
    backend: inner,
    calls: {},
    total: () => Object.values(state.calls).reduce((a, b) => a + b, 0),
    reset() {
      for (const key of Object.keys(state.calls)) delete state.calls[key];
    },
    down: false,
  };
  state.backend = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        state.calls[property] = (state.calls[property] ?? 0) + 1;
        if (state.down && property !== 'close') {
          return Promise.reject(new StorageError('[@flags/storage-memory] the store is down (test)'));
        }
        return value.apply(target, args);
      };
    },
  });
  return state;
}
