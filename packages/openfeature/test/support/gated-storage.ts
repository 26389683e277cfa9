import type { StorageBackend } from '@flags/core';

/**
 * `storage` with its snapshot reads (flags, change feed, revision) held until `open()` — the one fault a real store cannot
 * produce on demand: a first load that has not finished yet. Also counts every storage call.
 */
const GATED = new Set<PropertyKey>(['getRevision', 'getAllFlags', 'getChanges']);

export function gatedStorage(storage: StorageBackend): {
  storage: StorageBackend;
  open(): void;
  calls(): number;
} {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  const wrapped = new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        if (GATED.has(property)) return gate.then(() => value.apply(target, args));
        return value.apply(target, args);
      };
    },
  });
  return { storage: wrapped, open: release, calls: () => calls };
}

/** Resolves once `check()` holds, polling every 10 ms; rejects after `limitMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`still not true after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
