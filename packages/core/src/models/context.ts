import type { ErrorCode, Reason } from './enums.js';
import type { JsonValue } from './json.js';

/** Who and what a flag is evaluated for. */
export interface EvaluationContext {
  /** The key bucketing hashes; overrides of type `targeting_key` match it. */
  targetingKey?: string;
  userId?: string;
  organizationId?: string;
  tenantId?: string;
  environment?: string;
  appVersion?: string;
  ipAddress?: string;
  userAgent?: string;
  country?: string;
  /** Evaluation time. @default new Date() */
  timestamp?: Date;
  /** Free-form attributes conditions may test. */
  attributes?: Record<string, unknown>;
}

/** The outcome of one evaluation (OpenFeature's resolution details, plus `OVERRIDE`). */
export interface EvaluationDetails<T> {
  flagKey: string;
  value: T;
  reason: Reason;
  /** Rule name (TARGETING_MATCH) or variant key (SPLIT). */
  variant?: string;
  errorCode?: ErrorCode;
  errorMessage?: string;
  flagMetadata: Record<string, JsonValue>;
}
