import valid from 'semver/functions/valid.js';
import * as v from 'valibot';
import { patternProblem } from '../evaluation/regex/index.js';
import { OPERATORS, type Operator } from '../models/enums.js';
import type { Condition } from '../models/flag.js';
import type { ConditionInput } from '../models/inputs.js';
import { parseModel, show } from './issues.js';
import { jsonValueSchema } from './json.js';
import { crossFieldCheck, isRecord, isValidTimezone, model, nonEmptyString, TIME_OF_DAY } from './primitives.js';

/** `YYYY-MM-DD`, optionally with `THH:MM[:SS[.fff]]` and a `Z` or `±HH:MM` offset. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether `value` is an ISO-8601 date or date-time string that parses to a real instant. */
export function isIsoDateString(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

function timeWindowProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'time_window needs an object { start, end, timezone?, daysOfWeek? }';
  const { start, end, timezone, daysOfWeek } = value;
  const clock =
    typeof start === 'string' && TIME_OF_DAY.test(start) && typeof end === 'string' && TIME_OF_DAY.test(end);
  const instants = isIsoDateString(start) && isIsoDateString(end);
  if (!clock && !instants) return 'time_window start and end must both be HH:MM times or both ISO-8601 date-times';
  if (timezone !== undefined && timezone !== null && (typeof timezone !== 'string' || !isValidTimezone(timezone))) {
    return `unknown timezone ${show(timezone)}`;
  }
  if (
    daysOfWeek !== undefined &&
    daysOfWeek !== null &&
    !(Array.isArray(daysOfWeek) && daysOfWeek.every((d) => Number.isInteger(d) && d >= 0 && d <= 6))
  ) {
    return 'time_window daysOfWeek must be an array of integers 0 (Monday) to 6 (Sunday)';
  }
  return null;
}

/** Why `value` is not a valid operand of `operator`, or null when it is. */
export function operandProblem(operator: Operator, value: unknown): string | null {
  switch (operator) {
    case 'in':
    case 'not_in':
      return Array.isArray(value) ? null : `${operator} needs an array value`;
    case 'starts_with':
    case 'ends_with':
      return typeof value === 'string' ? null : `${operator} needs a string value`;
    case 'matches':
      if (typeof value !== 'string') return 'matches needs a regular expression string';
      return patternProblem(value);
    case 'semver_eq':
    case 'semver_gt':
    case 'semver_lt':
    case 'semver_gte':
    case 'semver_lte':
      return typeof value === 'string' && valid(value) !== null
        ? null
        : `${operator} needs a SemVer 2.0 version string, got ${show(value)}`;
    case 'date_after':
    case 'date_before':
      return isIsoDateString(value) || (typeof value === 'number' && Number.isFinite(value))
        ? null
        : `${operator} needs an ISO-8601 date string or epoch seconds, got ${show(value)}`;
    case 'time_window':
      return timeWindowProblem(value);
    case 'in_segment':
    case 'not_in_segment':
      return typeof value === 'string' && value.length > 0 ? null : `${operator} needs a segment name or id`;
    default:
      return null;
  }
}

/** Schema of a {@link Condition}: a known operator with an operand of the shape that operator needs. */
export const conditionSchema = v.pipe(
  model({
    attribute: nonEmptyString,
    operator: v.picklist(OPERATORS, (issue) =>
      issue.input === undefined ? 'is required' : `unknown operator ${show(issue.input)}`,
    ),
    value: jsonValueSchema,
  }),
  crossFieldCheck((condition, report) => {
    if (!isRecord(condition) || !OPERATORS.includes(condition.operator as Operator)) return;
    const problem = operandProblem(condition.operator as Operator, condition.value);
    if (problem) report(['value'], problem);
  }),
  v.transform((c): Condition => ({ attribute: c.attribute, operator: c.operator, value: c.value })),
);

/**
 * Validates a condition and returns a new {@link Condition} sharing nothing with `input`
 * (`value` defaults to null).
 * @throws ValidationError e.g. `operator: unknown operator "equals"` or `value: in needs an array value`.
 */
export function createCondition(input: ConditionInput): Condition {
  return parseModel(conditionSchema, input, 'condition');
}
