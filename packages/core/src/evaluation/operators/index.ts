export * from './compile-condition.js';
export * from './types.js';
