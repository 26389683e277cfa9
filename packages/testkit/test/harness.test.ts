import { FLAG_KEY_PATTERN, type StorageBackend } from '@flags/core';
import { describe, expect, it } from 'vitest';
import { type CheckContext, type ConformanceCheck, ReferenceStorageBackend, runCheck } from '../src/index.js';

/** A check that runs `body` with the context. */
const checkOf = (body: (ctx: CheckContext) => Promise<void>): ConformanceCheck => ({
  id: 'demo.check',
  title: 'demo',
  run: body,
});

/** Hooks that log what happens to which backend. */
function loggingHooks(log: string[], options: { failTeardown?: boolean } = {}) {
  const names = new Map<StorageBackend, string>();
  const make = (label: string) => {
    const backend = new ReferenceStorageBackend();
    names.set(backend, `${label}${names.size}`);
    log.push(`create ${names.get(backend)}`);
    return backend;
  };
  return {
    create: () => make('b'),
    reset: (backend: StorageBackend) => {
      log.push(`reset ${names.get(backend)}`);
    },
    reopen: () => make('r'),
    teardown: (backend: StorageBackend) => {
      log.push(`teardown ${names.get(backend)}`);
      if (options.failTeardown) throw new Error('teardown failed');
    },
  };
}

describe('runCheck', () => {
  it('creates and resets a backend, runs the check, then tears down every instance it used', async () => {
    const log: string[] = [];
    await runCheck(
      checkOf(async (ctx) => {
        log.push('run');
        await ctx.createBackend();
        await ctx.reopen();
      }),
      loggingHooks(log),
    );
    expect(log).toStrictEqual([
      'create b0',
      'reset b0',
      'run',
      'create b1',
      'create r2',
      'teardown r2',
      'teardown b1',
      'teardown b0',
    ]);
  });

  it("tears down after a failing check and reports the check's failure, not teardown's", async () => {
    const log: string[] = [];
    const failing = checkOf(async () => {
      throw new Error('check failed');
    });
    await expect(runCheck(failing, loggingHooks(log, { failTeardown: true }))).rejects.toThrow('check failed');
    expect(log).toContain('teardown b0');
  });

  it('reports a teardown failure when the check passed', async () => {
    await expect(
      runCheck(
        checkOf(async () => {}),
        loggingHooks([], { failTeardown: true }),
      ),
    ).rejects.toThrow('teardown failed');
  });

  it('closes backends when no teardown hook is given', async () => {
    let backend: ReferenceStorageBackend | undefined;
    await runCheck(
      checkOf(async () => {}),
      {
        create: () => {
          backend = new ReferenceStorageBackend();
          return backend;
        },
      },
    );
    expect(await backend?.healthCheck()).toBe(false);
  });

  it('fails a check that needs reopen with a message naming the hook and the id to skip', async () => {
    const needsReopen = checkOf(async (ctx) => {
      await ctx.reopen();
    });
    await expect(runCheck(needsReopen, { create: () => new ReferenceStorageBackend() })).rejects.toThrow(
      /needs the `reopen` hook.*skip "demo.check" with a reason/,
    );
  });

  it('hands out unique names that are valid flag keys', async () => {
    const names: string[] = [];
    const check = checkOf(async (ctx) => {
      for (let i = 0; i < 50; i++) names.push(ctx.unique('demo'));
    });
    await runCheck(check, { create: () => new ReferenceStorageBackend() });
    await runCheck(check, { create: () => new ReferenceStorageBackend() });
    expect(new Set(names).size).toBe(100);
    for (const name of names) expect(name).toMatch(FLAG_KEY_PATTERN);
  });
});
