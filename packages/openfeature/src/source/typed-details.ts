import type { EvaluationContext, EvaluationDetails, FlagType, JsonValue } from '@flags/core';

/** The typed `…Details` getters `FeatureFlagClient` and `LiveFlagClient` both offer. */
export interface DetailsGetters {
  getBooleanDetails(key: string, fallback: boolean, context?: EvaluationContext): Promise<EvaluationDetails<boolean>>;
  getStringDetails(key: string, fallback: string, context?: EvaluationContext): Promise<EvaluationDetails<string>>;
  getNumberDetails(key: string, fallback: number, context?: EvaluationContext): Promise<EvaluationDetails<number>>;
  getObjectDetails<T extends JsonValue>(
    key: string,
    fallback: T,
    context?: EvaluationContext,
  ): Promise<EvaluationDetails<T>>;
}

/** Evaluates `key` through the getter of `type` (a json flag through `getObjectDetails`). */
export function detailsOf<T>(
  client: DetailsGetters,
  key: string,
  type: FlagType,
  fallback: T,
  context: EvaluationContext,
): Promise<EvaluationDetails<T>> {
  switch (type) {
    case 'boolean':
      return client.getBooleanDetails(key, fallback as boolean, context) as Promise<EvaluationDetails<T>>;
    case 'string':
      return client.getStringDetails(key, fallback as string, context) as Promise<EvaluationDetails<T>>;
    case 'number':
      return client.getNumberDetails(key, fallback as number, context) as Promise<EvaluationDetails<T>>;
    default:
      return client.getObjectDetails(key, fallback as JsonValue, context) as Promise<EvaluationDetails<T>>;
  }
}
