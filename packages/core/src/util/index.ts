export { generateId } from './ids.js';
export { murmur3 } from './murmur3.js';
export { isOverrideExpired } from './override-expiry.js';
