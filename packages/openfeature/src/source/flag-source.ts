import type { EvaluationContext, EvaluationDetails, FlagType, JsonObject } from '@flags/core';

/** What the provider reports about a flag besides its value (for `flagMetadata`). */
export interface FlagFacts {
  flagType: FlagType;
  version: number;
  tags: readonly string[];
  metadata: JsonObject;
}

/** One evaluation, with the facts of the flag that served it when the source knows them. */
export interface SourceResolution<T> {
  details: EvaluationDetails<T>;
  facts: FlagFacts | undefined;
}

/** What a source tells the provider; the provider turns each into an OpenFeature event. */
export type SourceEvent =
  /** Reads work again (after `error` or `stale`). */
  | { kind: 'ready' }
  /** The store cannot be read and nothing good is held to serve from. */
  | { kind: 'error'; message: string }
  /** The store cannot be read; answers come from data older than the staleness bound. */
  | { kind: 'stale'; message: string }
  /** These flags may now evaluate differently (exactly the keys the source saw change). */
  | { kind: 'changed'; flagKeys: string[] };

/**
 * Where the provider's answers come from: the seam between the OpenFeature side (events, status,
 * resolution details) and @flags (loading, freshness, evaluation). One implementation is chosen in
 * `./index.ts`.
 */
export interface FlagSource {
  /** Resolves after the first successful load; rejects (with a message naming the fix) while the store cannot be read. */
  start(): Promise<void>;
  /** Evaluates one flag; never rejects. */
  resolve<T>(
    key: string,
    type: FlagType,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<SourceResolution<T>> | SourceResolution<T>;
  /** Registers the listener of every {@link SourceEvent}; returns its removal. */
  subscribe(listener: (event: SourceEvent) => void): () => void;
  /** Stops every timer, subscription and connection the source opened (not the storage's own). */
  close(): Promise<void>;
}
