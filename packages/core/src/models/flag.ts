import type { FlagStatus, FlagType, Operator } from './enums.js';
import type { JsonObject, JsonValue } from './json.js';
import type { TimeSchedule } from './schedule.js';

/** One test of a context attribute. A rule's conditions are ANDed. */
export interface Condition {
  /** A context field (`userId`, also `user_id`) or an own key of `attributes`. */
  attribute: string;
  operator: Operator;
  /** Operand; its shape depends on the operator (an array for `in`, a pattern for `matches`, …). */
  value: JsonValue;
}

/** A targeting rule, embedded in its flag. */
export interface FlagRule {
  id: string;
  name: string;
  description: string | null;
  /** Lower runs first; ties keep their position in `rules`. */
  priority: number;
  enabled: boolean;
  /** ANDed; an empty list matches everyone. */
  conditions: Condition[];
  /** Served by boolean flags when the rule matches. */
  serveEnabled: boolean;
  /** Served by non-boolean flags when the rule matches. */
  serveValue: JsonValue;
  /** Integer 0–100, or `null` for "everyone who matches". */
  rolloutPercentage: number | null;
  /**
   * The context field or attribute whose value places a context in the rollout; absent: `targetingKey`,
   * else `userId`. A context without that value is never inside a partial rollout.
   */
  bucketBy?: string;
}

/** A weighted variant, embedded in its flag. A flag's variant weights sum to exactly 100. */
export interface FlagVariant {
  id: string;
  /** Unique within its flag. */
  key: string;
  name: string;
  description: string | null;
  value: JsonObject;
  /** Integer 0–100. */
  weight: number;
}

/**
 * A flag that must serve a given value (or variant) for its dependent flag to be evaluated further.
 * With neither `variant` nor `value`, a boolean prerequisite must serve `true` and any other must be
 * active and served without error.
 */
export interface FlagPrerequisite {
  /** The key of the flag this flag depends on (never the flag itself). */
  flagKey: string;
  /** The variant (rule name, variant key or default variant) the prerequisite must report. */
  variant?: string;
  /** The value the prerequisite must serve (compared as JSON). */
  value?: JsonValue;
}

/** A feature flag with its rules and variants. */
export interface FeatureFlag {
  id: string;
  /** Unique; `^[A-Za-z][A-Za-z0-9_.:-]{0,254}$`. Immutable once created. */
  key: string;
  name: string;
  description: string | null;
  flagType: FlagType;
  status: FlagStatus;
  /** Served by boolean flags when nothing else applies. */
  defaultEnabled: boolean;
  /** Served by non-boolean flags when nothing else applies (and when disabled); matches `flagType`. */
  defaultValue: JsonValue;
  tags: string[];
  metadata: JsonObject;
  /** Flags that must serve as required, checked right after the status; any failure serves the off value. */
  prerequisites: FlagPrerequisite[];
  rules: FlagRule[];
  variants: FlagVariant[];
  /** The context field or attribute the variant split buckets on; absent: `targetingKey`, else `userId`. */
  bucketBy?: string;
  /** The variant reported when the default value is served (`DEFAULT`/`STATIC`). */
  defaultVariant?: string;
  /**
   * The flag's time schedules, read-only on the flag: backends fill it on every read so that one
   * flag read is all an evaluation needs; flag writes ignore it (use the time-schedule methods).
   */
  timeSchedules: TimeSchedule[];
  /** Starts at 1; +1 on every successful update. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
