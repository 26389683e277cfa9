import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Tests run from source: each @flags package resolves to its src/ entry, no build needed.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@flags\/core$/, replacement: pkg('core/src/index.ts') },
      { find: /^@flags\/core\/backend$/, replacement: pkg('core/src/backend/index.ts') },
      { find: /^@flags\/testkit$/, replacement: pkg('testkit/src/index.ts') },
      { find: /^@flags\/storage-memory$/, replacement: pkg('storage-memory/src/index.ts') },
      { find: /^@flags\/storage-drizzle$/, replacement: pkg('storage-drizzle/src/index.ts') },
      { find: /^@flags\/storage-drizzle\/(sqlite|pg|mysql)$/, replacement: pkg('storage-drizzle/src/$1/index.ts') },
      { find: /^@flags\/storage-redis$/, replacement: pkg('storage-redis/src/index.ts') },
      { find: /^@flags\/storage-redis\/ioredis$/, replacement: pkg('storage-redis/src/ioredis/index.ts') },
      // storage-redis's own import of its TCP client (package.json "imports"; tests run on Node).
      { find: /^#tcp-client$/, replacement: pkg('storage-redis/src/tcp/node.ts') },
      { find: /^@flags\/openfeature$/, replacement: pkg('openfeature/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
