import { defineConfig } from 'drizzle-kit'

// Only generates SQL from src/db/schema.ts; migrations are applied by the app at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
  casing: 'snake_case',
})
