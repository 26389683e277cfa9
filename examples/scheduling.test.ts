import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// Runs the scheduling example the README points to, so it keeps working.
describe('pnpm example:scheduling', () => {
  it('applies the scheduled enable and the three phases in order', () => {
    const out = execFileSync('pnpm', ['--silent', 'example:scheduling'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out).toContain('scheduler applied enable to new-checkout');
    const phases = ['phase 1: 10%', 'phase 2: 50%', 'phase 3: 100%'].map((p) => out.indexOf(p));
    expect(phases.every((i) => i >= 0)).toBe(true);
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(out).toContain('dark-mode: 1000 of 1000 users');
  });
});
