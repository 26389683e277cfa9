import type { StorageBackend } from '@flags/core';
import { ClientSource } from './client-source.js';
import type { FlagSource } from './flag-source.js';

export type { FlagFacts, FlagSource, SourceEvent, SourceResolution } from './flag-source.js';

/** What {@link createSource} needs. */
export interface SourceSettings {
  storage: StorageBackend;
  pollMs: number;
  timeoutMs: number;
}

/** The source behind every provider: the one place that picks how flags are loaded and kept fresh. */
export function createSource(settings: SourceSettings): FlagSource {
  return new ClientSource(settings);
}
