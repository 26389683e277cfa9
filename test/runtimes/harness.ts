/**
 * The few vitest APIs the conformance suite uses (`describe`, `it`, hooks, `expect`), for running it
 * on runtimes vitest does not run on (Bun, Deno): the runtime tests bundle a suite with `vitest`
 * mapped to this file. `expect` is vitest's own (`@vitest/expect` on chai), so matchers behave the
 * same; tests run one at a time, in order. `run()` prints one line per failure and a summary line
 * `RESULT <passed> passed <failed> failed <skipped> skipped`, and sets a failing exit code when any failed.
 */
import { chai, JestAsymmetricMatchers, JestChaiExpect, JestExtend } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

export const expect = chai.expect as unknown as typeof import('vitest').expect;

type Hook = () => unknown;
type Body = (...args: unknown[]) => unknown;

interface Suite {
  name: string;
  children: Array<Suite | Test>;
  beforeAll: Hook[];
  afterAll: Hook[];
  beforeEach: Hook[];
  afterEach: Hook[];
}
interface Test {
  name: string;
  body: Body;
}

const root: Suite = { name: '', children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
let current = root;

function describeImpl(name: string, body: () => void): void {
  const suite: Suite = { name, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    body();
  } finally {
    current = parent;
  }
}

function itImpl(name: string, body: Body): void {
  current.children.push({ name, body });
}

/** `describe.each` / `it.each` over rows: `%s`, `%d`, `%i`, `%j` in the name take the row's values. */
function each<T>(register: (name: string, body: Body) => void) {
  return (rows: readonly T[]) => (name: string, body: (...args: unknown[]) => unknown) => {
    for (const row of rows) {
      const args = Array.isArray(row) ? row : [row];
      let index = 0;
      const title = name.replace(/%[sdijo]/g, () => String(args[index++]));
      register(title, () => body(...args));
    }
  };
}

export const describe = Object.assign(describeImpl, { each: each(describeImpl as never) });
let skipped = 0;
export const it = Object.assign(itImpl, { each: each(itImpl), skip: (_name: string, _body?: Body) => void skipped++ });
export const test = it;
export const beforeAll = (hook: Hook) => void current.beforeAll.push(hook);
export const afterAll = (hook: Hook) => void current.afterAll.push(hook);
export const beforeEach = (hook: Hook) => void current.beforeEach.push(hook);
export const afterEach = (hook: Hook) => void current.afterEach.push(hook);

let passed = 0;
const failures: string[] = [];

async function runSuite(suite: Suite, path: string[], outer: { before: Hook[]; after: Hook[] }): Promise<void> {
  const before = [...outer.before, ...suite.beforeEach];
  const after = [...suite.afterEach, ...outer.after];
  for (const hook of suite.beforeAll) await hook();
  for (const child of suite.children) {
    if ('children' in child) {
      await runSuite(child, [...path, child.name], { before, after });
      continue;
    }
    const title = [...path, child.name].join(' > ');
    try {
      for (const hook of before) await hook();
      try {
        await child.body();
      } finally {
        for (const hook of after) await hook();
      }
      passed++;
    } catch (error) {
      failures.push(title);
      console.log(`FAIL ${title}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const hook of suite.afterAll) await hook();
}

/** Runs every registered test; prints a line per failure and the counts, and fails the process on a failure. */
export async function run(): Promise<void> {
  await runSuite(root, [], { before: [], after: [] });
  console.log(`RESULT ${passed} passed ${failures.length} failed ${skipped} skipped`);
  // Bun and Deno both provide Node's `process`.
  const proc = (globalThis as { process?: { exitCode?: number } }).process;
  if (failures.length > 0 && proc) proc.exitCode = 1;
}
