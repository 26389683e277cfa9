export * from './context.js';
export * from './enums.js';
export * from './flag.js';
export * from './inputs.js';
export * from './json.js';
export * from './override.js';
export * from './schedule.js';
export * from './segment.js';
