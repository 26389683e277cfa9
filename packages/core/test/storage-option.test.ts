import { describe, expect, it } from 'vitest';
import { FeatureFlagClient } from '../src/client/index.js';
import { ValidationError } from '../src/errors.js';
import { FlagScheduler } from '../src/scheduler/index.js';
import type { StorageBackend } from '../src/storage/index.js';
import { EvaluationStore } from './support/evaluation-store.js';

const construct = {
  FeatureFlagClient: (storage: unknown) => new FeatureFlagClient({ storage: storage as StorageBackend }),
  FlagScheduler: (storage: unknown) => new FlagScheduler({ storage: storage as StorageBackend }),
};

describe.each(Object.entries(construct))('%s refuses a storage that is not a backend', (owner, make) => {
  it('a pending Promise (a forgotten await): ValidationError saying "did you forget await?"', () => {
    const pending = Promise.resolve(new EvaluationStore());
    expect(() => make(pending)).toThrow(ValidationError);
    expect(() => make(pending)).toThrow(
      `[@flags/core] invalid ${owner} options: storage: is a Promise, not a StorageBackend: did you forget await?`,
    );
  });

  it.each([
    [undefined, 'must be a StorageBackend, got undefined'],
    [null, 'must be a StorageBackend, got null'],
    [{ getFlag() {} }, 'must be a StorageBackend: it has no '],
  ])('%o: ValidationError naming what is wrong', (storage, message) => {
    expect(() => make(storage)).toThrow(`storage: ${message}`);
  });

  it('a backend is accepted', () => {
    expect(() => make(new EvaluationStore())).not.toThrow();
  });
});
