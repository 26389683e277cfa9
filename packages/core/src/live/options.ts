import { ValidationError, type ValidationIssue } from '../errors.js';
import type { EvaluationContext } from '../models/context.js';
import type { DocumentSource } from '../portable/ndjson.js';
import type { StorageBackend } from '../storage/backend.js';

/** Options of {@link LiveFlagClient}. */
export interface LiveFlagClientOptions {
  /** Where the snapshot is loaded from and kept fresh by the change feed. */
  storage: StorageBackend;
  /** Merged under every call's context (the call's fields and attributes win). @default {} */
  defaultContext?: EvaluationContext;
  /**
   * How often the change feed is read when the backend cannot push (SQLite, MySQL/MariaDB, Upstash).
   * @default 1000
   */
  pollMs?: number;
  /**
   * How often the change feed is read anyway when the backend pushes (PostgreSQL, Redis, memory): a
   * push only says "look", so a lost one costs at most this much delay. @default 5000
   */
  pushPollMs?: number;
  /**
   * Details carry `stale: true` once the last successful read of the feed is older than this (the
   * store is failing and the client keeps serving its last good snapshot). @default 30000
   */
  staleAfterMs?: number;
  /** How many entities' overrides stay cached (least recently used dropped first). @default 10000 */
  maxCachedEntities?: number;
  /** Longest one storage call of the client may take before it counts as failed. @default 5000 */
  timeoutMs?: number;
  /**
   * Longest a read of the full load (every flag, every segment, the feed's head) may take: with
   * thousands of flags on a remote store it is far longer than one evaluation's read. @default 60000
   */
  loadTimeoutMs?: number;
  /** First wait before retrying a failed sync; doubled on each failure up to `maxRetryMs`. @default 250 */
  retryMs?: number;
  /** Longest wait between retries while the store fails. @default 10000 */
  maxRetryMs?: number;
  /**
   * A portable document (as `exportDocument` writes it, or its text) served when `ready()` cannot
   * reach the store, so an instance can start during an outage; the store replaces it once reachable.
   * @default none
   */
  bootstrap?: DocumentSource | (() => DocumentSource | Promise<DocumentSource>);
  /**
   * Whether `close()` also closes `storage`. Set it to false when something else still uses the
   * backend (another client, a scheduler, an OpenFeature provider that does not own it).
   * @default true
   */
  closeStorage?: boolean;
  /** Told of every storage failure the client survived (for logging). @default none */
  onError?: (error: unknown) => void;
}

/** Options with their defaults applied. */
export interface LiveSettings {
  pollMs: number;
  pushPollMs: number;
  staleAfterMs: number;
  maxCachedEntities: number;
  timeoutMs: number;
  loadTimeoutMs: number;
  retryMs: number;
  maxRetryMs: number;
}

type NumericOption = keyof LiveSettings;

/**
 * The numeric options, defaults filled in.
 * @throws ValidationError naming every option that is set but not a finite number > 0.
 */
export function liveSettings(options: LiveFlagClientOptions): LiveSettings {
  const issues: ValidationIssue[] = [];
  const pick = (name: NumericOption, fallback: number): number => {
    const value: unknown = options[name];
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    issues.push({ path: name, message: 'must be a finite number > 0' });
    return fallback;
  };
  const settings: LiveSettings = {
    pollMs: pick('pollMs', 1000),
    pushPollMs: pick('pushPollMs', 5000),
    staleAfterMs: pick('staleAfterMs', 30_000),
    maxCachedEntities: Math.max(1, Math.floor(pick('maxCachedEntities', 10_000))),
    timeoutMs: pick('timeoutMs', 5000),
    loadTimeoutMs: pick('loadTimeoutMs', 60_000),
    retryMs: pick('retryMs', 250),
    maxRetryMs: pick('maxRetryMs', 10_000),
  };
  if (issues.length > 0) throw new ValidationError(issues, 'LiveFlagClient options');
  return settings;
}
