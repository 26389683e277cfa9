import type { EvaluationDetails } from '@flags/core';
import { type ErrorCode, type ResolutionDetails, StandardResolutionReasons } from '@openfeature/server-sdk';
import { flagMetadataOf } from './flag-metadata.js';
import type { DisabledValue } from './options.js';
import type { SourceResolution } from './source/index.js';

/** How resolutions are shaped (from the provider's options). */
export interface ResolutionSettings {
  disabledValue: DisabledValue;
  flagFacts: boolean;
}

/** The variant reported for a value served by an override. */
export const OVERRIDE_VARIANT = 'override';

/**
 * Turns a @flags evaluation into OpenFeature resolution details. Reasons and error codes are
 * OpenFeature's own strings already; `OVERRIDE` (an override for one of the context's entities) is
 * reported as `TARGETING_MATCH` with variant {@link OVERRIDE_VARIANT}; `DISABLED` serves the caller's
 * `defaultValue` unless `disabledValue` is `'off-value'`.
 */
export function toResolution<T>(
  { details, facts }: SourceResolution<T>,
  defaultValue: T,
  settings: ResolutionSettings,
): ResolutionDetails<T> {
  const flagMetadata = flagMetadataOf(facts, settings.flagFacts);
  switch (details.reason) {
    case 'ERROR':
      return {
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: details.errorCode as ErrorCode,
        errorMessage: details.errorMessage,
        flagMetadata,
      };
    case 'DISABLED':
      return {
        value: settings.disabledValue === 'fallback' ? defaultValue : details.value,
        reason: StandardResolutionReasons.DISABLED,
        flagMetadata,
      };
    case 'OVERRIDE':
      return {
        value: details.value,
        reason: StandardResolutionReasons.TARGETING_MATCH,
        variant: OVERRIDE_VARIANT,
        flagMetadata,
      };
    default:
      return served(details, flagMetadata);
  }
}

function served<T>(
  details: EvaluationDetails<T>,
  flagMetadata: ResolutionDetails<T>['flagMetadata'],
): ResolutionDetails<T> {
  const resolution: ResolutionDetails<T> = { value: details.value, reason: details.reason, flagMetadata };
  if (details.variant !== undefined) resolution.variant = details.variant;
  return resolution;
}
