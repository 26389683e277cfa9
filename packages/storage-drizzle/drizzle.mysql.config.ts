import { defineConfig } from 'drizzle-kit';

// Generates migrations/mysql from the default-prefix schema: `pnpm migrations:generate`.
export default defineConfig({
  dialect: 'mysql',
  schema: './src/mysql/schema.ts',
  out: './migrations/mysql',
});
