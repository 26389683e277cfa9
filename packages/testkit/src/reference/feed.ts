import type { ChangeBatch, ChangeKind, ChangeListener, StorageChange } from '@flags/core';
import type { ReferenceState } from './document.js';

type Row = { id: string; flagId?: string; entityType?: string; entityId?: string };

const TABLES: readonly [keyof Omit<ReferenceState, 'revision'>, ChangeKind][] = [
  ['flags', 'flag'],
  ['overrides', 'override'],
  ['segments', 'segment'],
  ['scheduledChanges', 'scheduled-change'],
  ['timeSchedules', 'time-schedule'],
  ['rolloutPhases', 'rollout-phase'],
];

/** Retention of a reference feed; `maxAgeMs` null means no age bound. */
export interface ReferenceRetention {
  maxChanges: number;
  maxAgeMs: number | null;
}

/**
 * The change feed of a reference document, derived the simplest way there is: after each write, every
 * row that appeared, changed or disappeared (compared with the document before the write) is a change.
 * Deliberately unlike the production backends, which record changes as they write them.
 */
export class ReferenceFeed {
  /**
   * Starts from the clock in microseconds, not 0: a store made again after losing its data (a new
   * document) must never hand out a revision a reader of the lost one holds.
   */
  head = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  /** Highest revision trimmed away (at first, the revision the feed starts after). */
  floor = this.head;
  entries: { change: StorageChange; at: number }[] = [];
  readonly listeners = new Set<ChangeListener>();

  /** Records the difference between two states of the document; called inside the write. */
  record(before: ReferenceState, after: ReferenceState, now: number, retention: ReferenceRetention): void {
    const flagKeys = new Map<string, string>();
    for (const flag of [...before.flags, ...after.flags]) flagKeys.set(flag.id, flag.key);
    let recorded = false;
    for (const [table, kind] of TABLES) {
      const old = new Map((before[table] as Row[]).map((row) => [row.id, row]));
      const now_ = new Map((after[table] as Row[]).map((row) => [row.id, row]));
      for (const [id, row] of now_) {
        if (JSON.stringify(row) === JSON.stringify(old.get(id))) continue;
        this.#push(kind, 'upsert', row, flagKeys, now);
        recorded = true;
      }
      for (const [id, row] of old) {
        if (now_.has(id)) continue;
        this.#push(kind, 'delete', row, flagKeys, now);
        recorded = true;
      }
    }
    this.trim(now, retention);
    if (recorded) for (const listener of this.listeners) queueMicrotask(listener);
  }

  #push(kind: ChangeKind, op: StorageChange['op'], row: Row, flagKeys: Map<string, string>, at: number): void {
    this.head += 1;
    const flagKey = kind === 'flag' ? (row as unknown as { key: string }).key : flagKeys.get(row.flagId ?? '');
    const change: StorageChange = {
      revision: this.head,
      kind,
      id: row.id,
      op,
      ...(flagKey === undefined ? {} : { flagKey }),
      ...(kind === 'override' ? { entity: { entityType: row.entityType!, entityId: row.entityId! } } : {}),
    };
    this.entries.push({ change, at });
  }

  trim(now: number, retention: ReferenceRetention): void {
    const minAt = retention.maxAgeMs === null ? -Infinity : now - retention.maxAgeMs;
    while (this.entries.length > 0 && (this.entries.length > retention.maxChanges || this.entries[0]!.at < minAt)) {
      this.floor = this.entries.shift()!.change.revision;
    }
  }

  read(since: number | null, limit: number): ChangeBatch {
    const from = since ?? this.floor;
    if (from < this.floor || from > this.head) return { revision: this.head, reset: true };
    const changes = this.entries.filter((entry) => entry.change.revision > from).slice(0, limit);
    const last = changes.at(-1)?.change.revision;
    return {
      revision: changes.length === limit && last !== undefined ? last : this.head,
      changes: changes.map((entry) => structuredClone(entry.change)),
    };
  }
}
