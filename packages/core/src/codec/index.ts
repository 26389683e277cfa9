export { decodeModel, encodeModel, type ModelKind, type ModelsByKind, type StoredModel } from './codec.js';
export {
  copyFlag,
  copyOverride,
  copyRolloutPhase,
  copyScheduledChange,
  copySegment,
  copyTimeSchedule,
} from './copy.js';
export { DecodedModelCache, type DecodedModelCacheOptions } from './decode-cache.js';
export { assertStoredFlag } from './stored-fields.js';
