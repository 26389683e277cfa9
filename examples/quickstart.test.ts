import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// Runs the README's quickstart command exactly as a newcomer would, so the README stays true.
describe('pnpm quickstart', () => {
  it('prints the evaluation table', () => {
    const out = execFileSync('pnpm', ['--silent', 'quickstart'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(out).toMatch(/user-1\s+true \(TARGETING_MATCH: staff\)/);
    expect(out).toMatch(/user-7\s+false \(OVERRIDE\)/);
    expect(out).toMatch(/user-2\s+false \(DEFAULT\)\s+"enterprise-eur" \(TARGETING_MATCH: enterprise-eu\)/);
    expect(out).toMatch(/user-3\s+true \(TARGETING_MATCH: modern-app-30%\)/);
    expect(out).toContain('unknown flag → false (ERROR) FLAG_NOT_FOUND');
  });
});
