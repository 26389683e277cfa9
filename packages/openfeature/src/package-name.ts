/** Prefix of every message this package writes. */
export const PACKAGE = '[@flags/openfeature]';
