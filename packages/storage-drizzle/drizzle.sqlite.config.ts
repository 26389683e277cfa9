import { defineConfig } from 'drizzle-kit';

// Generates migrations/sqlite from the default-prefix schema: `pnpm migrations:generate`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/sqlite/schema.ts',
  out: './migrations/sqlite',
});
