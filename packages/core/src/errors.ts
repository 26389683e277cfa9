/** Base class of every error @flags throws. */
export class FlagsError extends Error {
  override name = 'FlagsError';
}

/** One broken rule of a model: where (`path`, e.g. `rules[2].conditions[0].operator`) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Input broke a model rule. Nothing was written. */
export class ValidationError extends FlagsError {
  override name = 'ValidationError';
  /** Every rule broken, in input order. */
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], model?: string) {
    const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super(`[@flags/core] invalid ${model ?? 'input'}: ${text}`);
    this.issues = issues;
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends FlagsError {
  override name = 'NotFoundError';
}

/** A unique key is taken, or a versioned write carried a stale `version`. Nothing was written. */
export class ConflictError extends FlagsError {
  override name = 'ConflictError';
}

/** The backend failed (unreachable, timed out, rejected the query). The message never holds a secret. */
export class StorageError extends FlagsError {
  override name = 'StorageError';
}
