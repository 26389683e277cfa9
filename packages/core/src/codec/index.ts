export { decodeModel, encodeModel, type ModelKind, type ModelsByKind, type StoredModel } from './codec.js';
