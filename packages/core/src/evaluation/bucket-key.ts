import type { EvaluationContext } from '../models/context.js';
import { compileAttributeReader } from './attributes.js';

/** The value a context is bucketed by, or `undefined` when it has none. */
export type BucketKeyReader = (context: EvaluationContext) => string | undefined;

/** What the default bucketing reads, in order; named in the details when a context has neither. */
export const DEFAULT_BUCKET_BY = 'targetingKey, else userId';

/**
 * The default bucketing value: `targetingKey` when it is a string (so buckets stay exactly those of
 * litestar-flags), else `userId` when it is a string.
 */
const defaultBucketKey: BucketKeyReader = (context) => {
  const targetingKey: unknown = context.targetingKey;
  if (typeof targetingKey === 'string') return targetingKey;
  const userId: unknown = context.userId;
  return typeof userId === 'string' ? userId : undefined;
};

/**
 * The reader of a `bucketBy` name: the context field or attribute of that name (read as conditions
 * read it), a string as is and a finite number as its decimal text; anything else is no value.
 * No name: {@link defaultBucketKey}.
 */
export function compileBucketKey(bucketBy: string | undefined): BucketKeyReader {
  if (bucketBy === undefined) return defaultBucketKey;
  const read = compileAttributeReader(bucketBy);
  return (context) => {
    const value = read(context);
    if (typeof value === 'string') return value;
    return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  };
}
