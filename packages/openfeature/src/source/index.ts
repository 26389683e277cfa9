import type { StorageBackend } from '@flags/core';
import { ClientSource } from './client-source.js';
import type { FlagSource } from './flag-source.js';
import { LiveSource } from './live-source.js';

export type { FlagFacts, FlagSource, SourceEvent, SourceResolution } from './flag-source.js';

/** What {@link createSource} needs. */
export interface SourceSettings {
  storage: StorageBackend;
  pollMs: number;
  timeoutMs: number;
  staleAfterMs: number;
}

function hasChangeFeed(storage: StorageBackend): boolean {
  const members = storage as Partial<Record<'getChanges' | 'getOverridesForEntities', unknown>>;
  return typeof members.getChanges === 'function' && typeof members.getOverridesForEntities === 'function';
}

/**
 * The source behind every provider: the one place that picks how flags are loaded and kept fresh.
 * A backend with a change feed (every @flags backend) is served from a live in-memory snapshot; a
 * third-party backend without one is read on every evaluation.
 */
export function createSource(settings: SourceSettings): FlagSource {
  return hasChangeFeed(settings.storage) ? new LiveSource(settings) : new ClientSource(settings);
}
