/** Prefix of every error message this package produces. */
export const PACKAGE = '[@flags/storage-memory]';

/** Orders strings by UTF-16 code units (the same order everywhere, whatever the locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders dates by instant. */
export function compareDates(a: Date, b: Date): number {
  return a.getTime() - b.getTime();
}

/** A fresh copy of `date`, so two stored fields never share one `Date`. */
export function copyDate(date: Date): Date {
  return new Date(date.getTime());
}

/** Copies of every record in `records`, each made by `copyItem` (one of core's `copy*` functions). */
export function copyAll<T>(records: readonly T[], copyItem: (item: T) => T): T[] {
  const copies = new Array<T>(records.length);
  for (let i = 0; i < records.length; i++) copies[i] = copyItem(records[i]!);
  return copies;
}
