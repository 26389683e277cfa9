import { expect } from 'vitest';
import { compareText } from './compare.js';

/** A class of error the checks expect (`ConflictError`, `NotFoundError`, …). */
// biome-ignore lint/suspicious/noExplicitAny: error classes take any constructor arguments
export type ErrorClass<E extends Error = Error> = abstract new (...args: any[]) => E;

/**
 * Awaits `promise` and asserts that it rejected with an instance of `kind`; returns the error.
 * `what` names the call in the failure message.
 */
export async function expectRejection<E extends Error>(
  promise: Promise<unknown>,
  kind: ErrorClass<E>,
  what: string,
): Promise<E> {
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: await promise };
  } catch (error) {
    outcome = { error };
  }
  if ('value' in outcome) {
    expect.fail(`${what}: expected a ${kind.name}, but it resolved`);
  }
  const { error } = outcome;
  if (!(error instanceof kind)) {
    const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    expect.fail(`${what}: expected a ${kind.name}, got ${described}`);
  }
  return error as E;
}

/** Tally of parallel calls: how many resolved, how many rejected with `kind`, and every other rejection. */
export interface SettledTally<T> {
  values: T[];
  expected: number;
  unexpected: unknown[];
}

/** Settles `promises` and sorts the outcomes into {@link SettledTally}. */
export async function tallySettled<T>(promises: readonly Promise<T>[], kind: ErrorClass): Promise<SettledTally<T>> {
  const tally: SettledTally<T> = { values: [], expected: 0, unexpected: [] };
  for (const result of await Promise.allSettled(promises)) {
    if (result.status === 'fulfilled') tally.values.push(result.value);
    else if (result.reason instanceof kind) tally.expected += 1;
    else tally.unexpected.push(result.reason);
  }
  return tally;
}

// Backends may take the time from their server's clock; a little slack keeps that from failing checks.
const CLOCK_SLACK_MS = 2_000;

/** Asserts `date` is a Date between `since` and `until` (give or take a little clock slack). */
export function expectRecent(date: unknown, since: Date, until: Date, what: string): void {
  expect(date, `${what} is a Date`).toBeInstanceOf(Date);
  const time = (date as Date).getTime();
  expect(time, `${what} is not earlier than the call`).toBeGreaterThanOrEqual(since.getTime() - CLOCK_SLACK_MS);
  expect(time, `${what} is not later than the call`).toBeLessThanOrEqual(until.getTime() + CLOCK_SLACK_MS);
}

/** A copy of `items` sorted by `id`, for comparing lists whose order the contract leaves open. */
export function byId<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareText(a.id, b.id));
}

/** The ids of `items`, in order. */
export function idsOf(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id);
}
