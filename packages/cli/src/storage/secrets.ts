/** The parts of a connection URL that must never be printed: password, user info, token-like query values. */
export function secretsOf(url: string): string[] {
  const secrets: string[] = [];
  try {
    const parsed = new URL(url);
    if (parsed.password) secrets.push(parsed.password, decodeURIComponent(parsed.password));
    for (const [name, value] of parsed.searchParams) {
      if (/pass|token|secret|key|auth/i.test(name) && value) secrets.push(value);
    }
  } catch {
    // A bare path (SQLite) holds no secret.
  }
  return secrets.filter((secret) => secret.length > 0);
}

/** `text` with every secret replaced by `***`, and any `scheme://user:password@` masked as well. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+@/gi, '$1***@');
  const real = secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  for (const secret of real) masked = masked.split(secret).join('***');
  return masked;
}
