/** The prefix every key starts with unless the caller chooses another. */
export const DEFAULT_PREFIX = 'feature_flags:';

// `:` separates the parts of an override key; escaping it (and `%`) in the parts before the entity
// id keeps two different overrides from ever sharing a key. Plain UUIDs and the usual entity types
// contain neither, so their keys read exactly as litestar-flags lays them out.
function escapePart(part: string): string {
  return part.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/**
 * Names every key the backend uses (the README's key table). All start with the prefix, so a prefix
 * with a hash tag (`{flags}:`) keeps them in one Redis Cluster slot.
 * @internal
 */
export class KeyLayout {
  readonly prefix: string;
  readonly revision: string;
  readonly flags: string;
  readonly activeFlags: string;
  /** Hash: flag key → stamp of its document (what conditional bulk reads compare). */
  readonly flagStamps: string;
  readonly changes: string;
  readonly pendingChanges: string;
  readonly schedules: string;
  readonly pendingPhases: string;
  readonly segmentNames: string;
  /** Sorted set: the change feed, scored by revision (see `feed-entries`). */
  readonly feed: string;
  /** Counter: the newest revision of the feed. */
  readonly feedHead: string;
  /** String: the revision the feed started after (set with `feed_head` when the feed starts). */
  readonly feedStart: string;
  /** The pub/sub channel every write publishes its new feed revision on. */
  readonly feedChannel: string;
  /** Set once the entity index (`entity_overrides:*`) holds every override, including ones written before it existed. */
  readonly entityIndexReady: string;
  /** Prefixes the read script chains ids through. */
  readonly flagPrefix: string;
  readonly overrideIdPrefix: string;
  readonly changePrefix: string;
  readonly schedulePrefix: string;
  readonly phasePrefix: string;
  readonly segmentPrefix: string;

  constructor(prefix: string) {
    this.prefix = prefix;
    this.revision = `${prefix}revision`;
    this.flags = `${prefix}flags`;
    this.activeFlags = `${prefix}flags_active`;
    this.flagStamps = `${prefix}flag_stamps`;
    this.changes = `${prefix}changes`;
    this.pendingChanges = `${prefix}changes_pending`;
    this.schedules = `${prefix}schedules`;
    this.pendingPhases = `${prefix}phases_pending`;
    this.segmentNames = `${prefix}segment_names`;
    this.feed = `${prefix}feed`;
    this.feedHead = `${prefix}feed_head`;
    this.feedStart = `${prefix}feed_start`;
    this.feedChannel = `${prefix}feed`;
    this.entityIndexReady = `${prefix}entity_index`;
    this.flagPrefix = `${prefix}flag:`;
    this.overrideIdPrefix = `${prefix}override_id:`;
    this.changePrefix = `${prefix}change:`;
    this.schedulePrefix = `${prefix}schedule:`;
    this.phasePrefix = `${prefix}phase:`;
    this.segmentPrefix = `${prefix}segment:`;
  }

  flag(key: string): string {
    return this.flagPrefix + key;
  }
  flagId(id: string): string {
    return `${this.prefix}flag_id:${id}`;
  }
  override(flagId: string, entityType: string, entityId: string): string {
    return `${this.prefix}override:${escapePart(flagId)}:${escapePart(entityType)}:${entityId}`;
  }
  /** Set of the override keys (without the prefix) of one entity, across flags. */
  entityOverrides(entityType: string, entityId: string): string {
    return `${this.prefix}entity_overrides:${escapePart(entityType)}:${entityId}`;
  }
  overrideId(id: string): string {
    return this.overrideIdPrefix + id;
  }
  flagOverrides(flagId: string): string {
    return `${this.prefix}flag_overrides:${flagId}`;
  }
  change(id: string): string {
    return this.changePrefix + id;
  }
  flagChanges(flagId: string): string {
    return `${this.prefix}flag_changes:${flagId}`;
  }
  schedule(id: string): string {
    return this.schedulePrefix + id;
  }
  flagSchedules(flagId: string): string {
    return `${this.prefix}flag_schedules:${flagId}`;
  }
  phase(id: string): string {
    return this.phasePrefix + id;
  }
  flagPhases(flagId: string): string {
    return `${this.prefix}flag_phases:${flagId}`;
  }
  segment(id: string): string {
    return this.segmentPrefix + id;
  }
  segmentChildren(parentId: string): string {
    return `${this.prefix}segment_children:${parentId}`;
  }
}
