import { ValidationError } from '../errors.js';

/**
 * Refuses, when `owner` is constructed, a `storage` option that is not a backend — most often the
 * pending Promise of a backend factory whose `await` was forgotten — instead of failing every call later.
 * @param methods the backend methods `owner` calls: a value lacking one is not a backend.
 * @throws ValidationError naming `storage` and what is wrong with it.
 */
export function checkStorageOption(storage: unknown, owner: string, methods: readonly string[]): void {
  const problem = storageProblem(storage, methods);
  if (problem) throw new ValidationError([{ path: 'storage', message: problem }], `${owner} options`);
}

function storageProblem(storage: unknown, methods: readonly string[]): string | null {
  if (storage === null || (typeof storage !== 'object' && typeof storage !== 'function')) {
    return `must be a StorageBackend, got ${storage === null ? 'null' : typeof storage}`;
  }
  if (typeof (storage as { then?: unknown }).then === 'function') {
    return 'is a Promise, not a StorageBackend: did you forget await? (e.g. `storage: await RedisStorageBackend.create(…)`)';
  }
  const missing = methods.filter((name) => typeof (storage as Record<string, unknown>)[name] !== 'function');
  return missing.length === 0 ? null : `must be a StorageBackend: it has no ${missing.join(', ')} method`;
}
