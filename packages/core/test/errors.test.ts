import { ConflictError, FlagsError, ValidationError } from '@flags/core';
import { describe, expect, it } from 'vitest';

describe('errors', () => {
  it('ValidationError names each field path and rule', () => {
    const err = new ValidationError(
      [{ path: 'rules[2].conditions[0].operator', message: 'unknown operator "equals"' }],
      'flag',
    );
    expect(err).toBeInstanceOf(FlagsError);
    expect(err.message).toBe('[@flags/core] invalid flag: rules[2].conditions[0].operator: unknown operator "equals"');
    expect(err.issues).toHaveLength(1);
  });
  it('subclasses keep their names', () => {
    expect(new ConflictError('x').name).toBe('ConflictError');
  });
});
