/** Fields that say when or how often a record was written, not what it holds. */
const BOOKKEEPING = new Set(['version', 'createdAt', 'updatedAt']);

function canonical(value: unknown, omit: ReadonlySet<string> | null): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value)
      .filter((key) => (omit === null || !omit.has(key)) && (value as Record<string, unknown>)[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key], null)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Whether a stored record already holds what an import would write, ignoring the store's bookkeeping
 * (`version`, timestamps) and the fields named in `ignore`. Key order does not matter.
 */
export function sameContent(stored: object, incoming: object, ignore: readonly string[] = []): boolean {
  const omit = new Set([...BOOKKEEPING, ...ignore]);
  return canonical(stored, omit) === canonical(incoming, omit);
}
