import { ValidationError } from '@flags/core';
import { PACKAGE } from './errors.js';

/** The ValidationError of a bad backend option, naming the option (`path`) and the rule, in this package's words. */
export function configError(path: string, rule: string): ValidationError {
  const error = new ValidationError([{ path, message: rule }], 'storage options');
  error.message = `${PACKAGE} invalid storage options: ${path}: ${rule}`;
  return error;
}
