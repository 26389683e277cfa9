/** The wall-clock reading of an instant in one IANA timezone. */
export interface ZonedTime {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Seconds since local midnight: `hour * 3600 + minute * 60 + second`. */
  secondOfDay: number;
}

// Building an Intl.DateTimeFormat costs far more than using one, so each timezone gets one for life.
const formatters = new Map<string, Intl.DateTimeFormat>();
// Evaluations at "now" repeat the same second many times; remembering the last reading per zone
// skips formatToParts (the expensive call) for all but the first of them.
const lastReading = new Map<string, { epochSecond: number; time: ZonedTime }>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    // Throws RangeError for an unknown timezone; nothing is cached then.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/**
 * The weekday (0 = Monday … 6 = Sunday) of a calendar date. Out-of-range days roll over like
 * `Date.UTC` does, so `day - 1` on the 1st names the last day of the previous month.
 */
export function weekdayOf(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** The calendar date before `year-month-day`, as `[year, month, day]`. */
export function previousDate(year: number, month: number, day: number): [number, number, number] {
  const d = new Date(Date.UTC(year, month - 1, day - 1));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/**
 * Reads `at` on the wall clock of `timezone` (DST-correct, through `Intl.DateTimeFormat`; no
 * Node-only API, so it runs on edge runtimes).
 * @throws RangeError when `timezone` is not a timezone the runtime knows.
 */
export function zonedTime(at: Date, timezone: string): ZonedTime {
  const epochSecond = Math.floor(at.getTime() / 1000);
  const last = lastReading.get(timezone);
  if (last !== undefined && last.epochSecond === epochSecond) return last.time;

  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timezone).formatToParts(at)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        // Some engines still print midnight as "24" despite hourCycle h23.
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
    }
  }
  const time: ZonedTime = {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: weekdayOf(year, month, day),
    secondOfDay: hour * 3600 + minute * 60 + second,
  };
  lastReading.set(timezone, { epochSecond, time });
  return time;
}
