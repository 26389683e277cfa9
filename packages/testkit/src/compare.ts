/** Code-unit order of two strings (what every backend must agree on for the ASCII names the checks use). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
