/**
 * Evaluation matches cron expressions with its own `cronMatch` over croner's parsed pattern (so an
 * edge bundle does not carry croner's scheduler); it must answer exactly as croner's `Cron.match`
 * does, for every feature of the syntax — lists, ranges, steps, `L`, `W`, `LW`, `#n`, `+` (AND),
 * names, nicknames, seconds and years — at any instant.
 */
import { Cron, CronPattern } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronMatch } from '../src/evaluation/cron-match.js';

const number = (min: number, max: number) => fc.integer({ min, max }).map(String);
const range = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
const step = (min: number, max: number) =>
  fc
    .tuple(fc.oneof(fc.constant('*'), range(min, max)), fc.integer({ min: 1, max: Math.max(1, max - min) }))
    .map(([base, by]) => `${base}/${by}`);
const field = (min: number, max: number, extra: fc.Arbitrary<string>[] = []) => {
  const one = fc.oneof(number(min, max), range(min, max), step(min, max), ...extra);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant('*') },
    { weight: 4, arbitrary: one },
    { weight: 2, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }).map((parts) => parts.join(',')) },
  );
};
const dayOfMonth = field(1, 31, [
  fc.constant('L'),
  fc.constant('LW'),
  fc.integer({ min: 1, max: 31 }).map((day) => `${day}W`),
]);
const dayOfWeek = field(0, 7, [
  fc.constantFrom('MON-FRI', 'SAT,SUN', 'TUE'),
  fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 })).map(([day, nth]) => `${day}#${nth}`),
  fc.integer({ min: 0, max: 6 }).map((day) => `${day}#L`),
]);
const fiveFields = fc
  .tuple(field(0, 59), field(0, 23), dayOfMonth, field(1, 12, [fc.constant('JAN-MAR')]), dayOfWeek, fc.boolean())
  .map(([minute, hour, dom, month, dow, and]) => `${minute} ${hour} ${dom} ${month} ${and ? '+' : ''}${dow}`);
const expression = fc.oneof(
  { weight: 6, arbitrary: fiveFields },
  { weight: 2, arbitrary: fc.tuple(field(0, 59), fiveFields).map(([second, rest]) => `${second} ${rest}`) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(field(0, 59), fiveFields, field(2024, 2030))
      .map(([second, rest, year]) => `${second} ${rest} ${year}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('@yearly', '@monthly', '@weekly', '@daily', '@hourly') },
);
const instant = fc
  .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2032, 0, 1) })
  .map((ms) => new Date(ms - (ms % 1000)));

function parsed(text: string): CronPattern | null {
  try {
    return new CronPattern(text);
  } catch {
    return null;
  }
}

describe('cronMatch', () => {
  it('answers as croner’s Cron.match for every expression croner parses, at any instant', () => {
    let checked = 0;
    let matched = 0;
    fc.assert(
      fc.property(expression, fc.array(instant, { minLength: 1, maxLength: 10 }), (text, instants) => {
        const pattern = parsed(text);
        fc.pre(pattern !== null);
        const cron = new Cron(text, { utcOffset: 0 });
        // Random instants rarely match; the pattern's own next runs do, and a day or a second off them
        // tests the day rules and the time fields one at a time.
        const DAY = 86_400_000;
        const near = cron
          .nextRuns(3, instants[0]!)
          .flatMap((run) => [run, ...[DAY, -DAY, 7 * DAY, 1000, 60_000].map((ms) => new Date(run.getTime() + ms))]);
        for (const at of [...instants, ...near]) {
          const answer = cronMatch(pattern!, at);
          expect(answer, `${text} at ${at.toISOString()}`).toBe(cron.match(at));
          checked += 1;
          if (answer) matched += 1;
        }
      }),
      { numRuns: 1000 },
    );
    // Both answers were compared often, not only "no match".
    expect(matched).toBeGreaterThan(checked / 10);
    expect(matched).toBeLessThan(checked * 0.9);
  });

  it('answers as croner at every day of a year for the day-of-month and weekday rules', () => {
    const texts = [
      '0 0 L * *',
      '0 0 LW * *',
      '0 0 15W * *',
      '0 0 1W * *',
      '0 0 31W * *',
      '0 0 * * 5#L',
      '0 0 * * 1#1,3#3',
      '0 0 13 * FRI',
      '0 0 13 * +FRI',
      '0 0 L * 0#5',
    ];
    for (const text of texts) {
      const pattern = new CronPattern(text);
      const cron = new Cron(text, { utcOffset: 0 });
      for (let day = 0; day < 3 * 366; day++) {
        const at = new Date(Date.UTC(2027, 0, 1 + day));
        expect(cronMatch(pattern, at), `${text} at ${at.toISOString()}`).toBe(cron.match(at));
      }
    }
  });
});
