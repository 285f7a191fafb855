/**
 * Brings a database to the current schema, and seeds the demo rows only when asked. Called once at
 * start-up by whoever starts the infrastructure (server, bench, test setup) and by `npm run
 * db:migrate` / `db:seed`. A session-level advisory lock makes concurrent starts against the same
 * database wait for each other instead of racing the migrator.
 */
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { seed } from './seed.js'

/** A folder of drizzle migrations and the table that records which of them a database has. */
export interface MigrationHistory {
  readonly folder: string
  readonly table: string
}

/** A history in `folder` (from the project root, for src/ and dist/ alike), recorded in `table`. */
export const migrationsIn = (folder: string, table: string): MigrationHistory => ({
  folder: fileURLToPath(new URL(`../../${folder}`, import.meta.url)),
  table,
})

/** Any constant; it only has to be the same for every process that prepares this database. */
const PREPARE_LOCK_KEY = 4_242_001

export interface PrepareOptions {
  /** Histories to apply, in order; none: only seed (the migrations ran elsewhere). */
  readonly migrations: readonly MigrationHistory[]
  /** Seed the demo rows when the tables are empty. */
  readonly demoData: boolean
}

/** Applies what the database lacks of each history, then seeds if asked. Returns whether it seeded. */
export async function prepareDatabase(url: string, { migrations, demoData }: PrepareOptions): Promise<boolean> {
  // One connection, so the lock, the migrations and the seed share a session.
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 })
  try {
    await sql`select pg_advisory_lock(${PREPARE_LOCK_KEY})`
    for (const history of migrations)
      await migrate(drizzle(sql), { migrationsFolder: history.folder, migrationsTable: history.table })
    const seeded = demoData ? await seed(sql) : false
    await sql`select pg_advisory_unlock(${PREPARE_LOCK_KEY})`
    return seeded
  } finally {
    await sql.end({ timeout: 5 })
  }
}
