import type { Condition } from '../../models/flag.js';
import type { JsonValue } from '../../models/json.js';
import { type AttributeReader, compileAttributeReader } from '../attributes.js';
import { affix, contains, dateOrder, equals, matches, memberOf, notContains, ordering } from './compare.js';
import { semverCompare } from './semver.js';
import { timeWindow } from './time-window.js';
import { type ConditionTest, SEGMENT_MATCH, SEGMENT_NO_MATCH, type SegmentMatch, type ValueTest } from './types.js';

const never: ConditionTest = () => false;
const negate =
  (test: ValueTest): ValueTest =>
  (value) =>
    !test(value);
const isArray = (operand: JsonValue): boolean => Array.isArray(operand);

/**
 * The value test of an operator, and what a MISSING attribute (undefined or null) gives: false for
 * positive operators, true for `ne`, `not_in`, `not_contains`. Null for an unknown operator.
 */
function valueTestOf(operator: string, operand: JsonValue): { test: ValueTest; whenMissing: boolean } | null {
  switch (operator) {
    case 'eq':
      return { test: equals(operand), whenMissing: false };
    case 'ne':
      return { test: negate(equals(operand)), whenMissing: true };
    case 'gt':
      return { test: ordering(operand, (c) => c > 0), whenMissing: false };
    case 'gte':
      return { test: ordering(operand, (c) => c >= 0), whenMissing: false };
    case 'lt':
      return { test: ordering(operand, (c) => c < 0), whenMissing: false };
    case 'lte':
      return { test: ordering(operand, (c) => c <= 0), whenMissing: false };
    case 'in':
      return { test: memberOf(operand), whenMissing: false };
    case 'not_in':
      // Without a list there is nothing to be outside of: false either way.
      return isArray(operand) ? { test: negate(memberOf(operand)), whenMissing: true } : null;
    case 'contains':
      return { test: contains(operand), whenMissing: false };
    case 'not_contains':
      return { test: notContains(operand), whenMissing: true };
    case 'starts_with':
      return { test: affix(operand, true), whenMissing: false };
    case 'ends_with':
      return { test: affix(operand, false), whenMissing: false };
    case 'matches':
      return { test: matches(operand), whenMissing: false };
    case 'semver_eq':
      return { test: semverCompare(operand, (c) => c === 0), whenMissing: false };
    case 'semver_gt':
      return { test: semverCompare(operand, (c) => c > 0), whenMissing: false };
    case 'semver_lt':
      return { test: semverCompare(operand, (c) => c < 0), whenMissing: false };
    case 'semver_gte':
      return { test: semverCompare(operand, (c) => c >= 0), whenMissing: false };
    case 'semver_lte':
      return { test: semverCompare(operand, (c) => c <= 0), whenMissing: false };
    case 'date_after':
      return { test: dateOrder(operand, true), whenMissing: false };
    case 'date_before':
      return { test: dateOrder(operand, false), whenMissing: false };
    case 'time_window':
      return { test: timeWindow(operand), whenMissing: false };
    default:
      return null;
  }
}

/** Whether a condition consults segments (so the caller must supply them). */
export function isSegmentCondition(condition: Pick<Condition, 'operator'>): boolean {
  return condition.operator === 'in_segment' || condition.operator === 'not_in_segment';
}

/**
 * Compiles a condition once into a test that never throws.
 *
 * Segment operators look the operand up as a segment id, then a name: `in_segment` holds when the
 * context is in it; `not_in_segment` when it is not — an unknown or disabled segment holds nobody;
 * a segment caught in a reference cycle (or stored invalid) makes both false. An unknown operator
 * or a malformed operand never matches (writes reject both; this guards data written elsewhere).
 */
export function compileCondition(condition: Condition): ConditionTest {
  const { operator, value: operand } = condition;
  if (operator === 'in_segment' || operator === 'not_in_segment') {
    if (typeof operand !== 'string') return never;
    return segmentTest(operand, operator === 'in_segment' ? SEGMENT_MATCH : SEGMENT_NO_MATCH);
  }
  if (typeof condition.attribute !== 'string') return never;
  const read = compileAttributeReader(condition.attribute);
  // The hottest shape, equality with a string, number or boolean, runs without a second call: a
  // missing attribute (undefined, null) never equals such an operand.
  if (operator === 'eq' && operand !== null && typeof operand !== 'object') return equalityTest(read, operand);
  const compiled = valueTestOf(operator, operand);
  return compiled === null ? never : guardedTest(read, compiled.test, compiled.whenMissing);
}

// Each test is made by its own function so that its closure holds only what it uses: a closure made
// inline above would keep the whole operand (a 100-id list beside the Set built from it) alive as long
// as the compiled flag is cached.

function segmentTest(ref: string, expected: SegmentMatch): ConditionTest {
  return (context, segments) => segments.membership(ref, context) === expected;
}

function equalityTest(read: AttributeReader, operand: string | number | boolean): ConditionTest {
  return (context) => read(context) === operand;
}

function guardedTest(read: AttributeReader, test: ValueTest, whenMissing: boolean): ConditionTest {
  return (context) => {
    const value = read(context);
    return value === undefined || value === null ? whenMissing : test(value);
  };
}
