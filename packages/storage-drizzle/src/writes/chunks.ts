/**
 * `items` in consecutive parts of at most `size`: multi-row statements stay under every driver's
 * limit on parameters per statement (SQLite 32,766; PostgreSQL and MySQL 65,535).
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
