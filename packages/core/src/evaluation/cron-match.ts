import type { CronPattern } from 'croner';

// Whether an instant matches a parsed cron pattern, by croner's own rules (`Cron.match`), read on the
// UTC fields of the instant. Only croner's parser is needed for it: its scheduler, which `Cron` would
// bring along, is two thirds of the library and an edge bundle has no use for it.

/** Bits of `#1`…`#5` in a day-of-week entry (a plain weekday is 63: any of them); `L` (the last) is 32. */
const NTH = [1, 2, 4, 8, 16];
const ANY_NTH = 63;
const LAST = 32;

const weekdayOf = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day)).getUTCDay();
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** `W`: the weekday nearest to `day` within the month, or -1 when the month has no such day. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = lastDayOf(year, month);
  if (day > last) return -1;
  const weekday = weekdayOf(year, month, day);
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  if (weekday === 6) return day === 1 ? day + 2 : day - 1;
  return day;
}

/** `LW`: the last weekday (Monday to Friday) of the month. */
function lastWeekday(year: number, month: number): number {
  const last = lastDayOf(year, month);
  const weekday = weekdayOf(year, month, last);
  return weekday === 0 ? last - 2 : weekday === 6 ? last - 1 : last;
}

function isNthWeekday(year: number, month: number, day: number, bits: number): boolean {
  if (bits & ANY_NTH && (NTH[Math.ceil(day / 7) - 1] ?? 0) & bits) return true;
  return (bits & LAST) !== 0 && day + 7 > lastDayOf(year, month);
}

function dayMatches(pattern: CronPattern, year: number, month: number, day: number): boolean {
  let matches = pattern.day[day - 1] ?? 0;
  if (!matches) {
    for (let i = 0; i < pattern.nearestWeekdays.length; i++) {
      if (pattern.nearestWeekdays[i] && nearestWeekday(year, month, i + 1) === day) {
        matches = 1;
        break;
      }
    }
  }
  if (pattern.lastWeekday && lastWeekday(year, month) === day) matches = 1;
  if (pattern.lastDayOfMonth && lastDayOf(year, month) === day) matches = 1;
  if (!pattern.starDOW) {
    let weekday = pattern.dayOfWeek[weekdayOf(year, month, day)] ?? 0;
    if (weekday & ANY_NTH) weekday = isNthWeekday(year, month, day, weekday) ? 1 : 0;
    // Day of month OR day of week when both are restricted (croner's default), AND with `+`.
    matches = pattern.useAndLogic || pattern.starDOM ? matches && weekday : matches || weekday;
  }
  return matches !== 0;
}

/** Whether `at`, read at UTC+0, matches `pattern` (to the second), exactly as croner's `Cron.match` answers. */
export function cronMatch(pattern: CronPattern, at: Date): boolean {
  const year = at.getUTCFullYear();
  if (!pattern.starYear && !pattern.year[year]) return false;
  const month = at.getUTCMonth();
  return (
    Boolean(pattern.month[month]) &&
    Boolean(pattern.hour[at.getUTCHours()]) &&
    Boolean(pattern.minute[at.getUTCMinutes()]) &&
    Boolean(pattern.second[at.getUTCSeconds()]) &&
    dayMatches(pattern, year, month, at.getUTCDate())
  );
}
