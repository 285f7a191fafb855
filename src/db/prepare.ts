/**
 * Brings a database to the current schema and seeds it. Called once at start-up by whoever starts
 * the infrastructure (server, bench, test setup). A session-level advisory lock makes concurrent
 * starts against the same database wait for each other instead of racing the migrator.
 */
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { seed } from './seed.js'

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))
/** Any constant; it only has to be the same for every process that prepares this database. */
const PREPARE_LOCK_KEY = 4_242_001

export async function prepareDatabase(url: string): Promise<void> {
  // One connection, so the lock, the migration and the seed share a session.
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 })
  try {
    await sql`select pg_advisory_lock(${PREPARE_LOCK_KEY})`
    await migrate(drizzle(sql), { migrationsFolder })
    await seed(sql)
    await sql`select pg_advisory_unlock(${PREPARE_LOCK_KEY})`
  } finally {
    await sql.end({ timeout: 5 })
  }
}
