import { errorDetails } from '../evaluation/evaluate.js';
import type { EvaluationDetails } from '../models/context.js';
import type { JsonValue } from '../models/json.js';

/**
 * The outcome of one evaluation by the live client: {@link EvaluationDetails}, plus `stale: true`
 * when the snapshot it came from may be out of date (see `staleAfterMs`).
 */
export type LiveEvaluationDetails<T> = EvaluationDetails<T> & { stale?: boolean };

/** Live evaluation results by flag key. */
export type LiveFlagResults = Record<string, LiveEvaluationDetails<JsonValue>>;

/** The caller's default before the first snapshot is loaded. */
export function notReady<T>(key: string, defaultValue: T): LiveEvaluationDetails<T> {
  return errorDetails(
    key,
    defaultValue,
    'PROVIDER_NOT_READY',
    '[@flags/core] the live client has no snapshot yet: await client.ready() before evaluating',
  );
}

/** The caller's default from a `…Sync` call whose context's overrides are not cached yet. */
export function overridesLoading<T>(key: string, defaultValue: T): LiveEvaluationDetails<T> {
  return errorDetails(
    key,
    defaultValue,
    'PROVIDER_NOT_READY',
    '[@flags/core] the overrides of this context are being loaded: a …Sync call serves them once cached (the async getters wait for them)',
  );
}
