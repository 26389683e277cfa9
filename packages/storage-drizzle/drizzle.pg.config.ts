import { defineConfig } from 'drizzle-kit';

// Generates migrations/pg from the default-prefix schema: `pnpm migrations:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/pg/schema.ts',
  out: './migrations/pg',
});
