export type { DisabledValue, FlagsProviderOptions } from './options.js';
export { FlagsProvider } from './provider.js';
export { OVERRIDE_VARIANT } from './resolution.js';
