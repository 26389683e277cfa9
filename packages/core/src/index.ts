export * from './errors.js';
export * from './models/index.js';
export * from './storage/index.js';
