/**
 * Every text an error carries — message, stack, each enumerable field (as JSON) — and the same for its
 * `cause` chain and an AggregateError's `errors`: where a secret could leak to a log. A backend's tests
 * check that none of them holds a password or token.
 */
export function errorTexts(error: unknown, depth = 0): string[] {
  if (depth > 8 || error === null || error === undefined) return [];
  if (typeof error !== 'object') return [String(error)];
  const fields = error as { message?: unknown; stack?: unknown; cause?: unknown; errors?: unknown };
  const texts = [String(fields.message ?? ''), String(fields.stack ?? '')];
  for (const [name, value] of Object.entries(error)) {
    if (name === 'cause' || name === 'errors') continue;
    try {
      texts.push(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
    } catch {
      texts.push(String(value));
    }
  }
  const nested = [fields.cause, ...(Array.isArray(fields.errors) ? fields.errors : [])];
  for (const inner of nested) texts.push(...errorTexts(inner, depth + 1));
  return texts;
}
