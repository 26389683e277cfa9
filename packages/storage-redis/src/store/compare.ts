/** Orders strings by UTF-16 code units (the same order everywhere, whatever the locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders dates by instant. */
export function compareDates(a: Date, b: Date): number {
  return a.getTime() - b.getTime();
}
