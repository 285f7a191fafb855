/**
 * A database of a test's own, on the run's Postgres, migrated and seeded like the shared one: for
 * a test that must change rows (text with quotes and line breaks, say) without surprising the
 * tests that read the shared seed at the same time. Dropped at the end, its connections with it.
 */
import { randomUUID } from 'node:crypto'
import postgres, { type Sql } from 'postgres'
import { migrationHistories } from '../../src/db/migration-histories.js'
import { prepareDatabase } from '../../src/db/migrate.js'

export interface ScratchDatabase {
  readonly url: string
  /** One connection to it, for the test's own changes. */
  readonly sql: Sql
  drop(): Promise<void>
}

export async function scratchDatabase(sharedUrl: string): Promise<ScratchDatabase> {
  const name = `scratch_${randomUUID().replaceAll('-', '')}`
  const admin = postgres(sharedUrl, { max: 1, onnotice: () => {} })
  // A name made here of hex digits: no injection to guard against.
  await admin.unsafe(`create database ${name}`)
  const url = new URL(sharedUrl)
  url.pathname = `/${name}`
  await prepareDatabase(url.href, { migrations: migrationHistories, demoData: true })
  const sql = postgres(url.href, { max: 1, onnotice: () => {} })
  return {
    url: url.href,
    sql,
    async drop() {
      await sql.end({ timeout: 1 })
      await admin.unsafe(`drop database if exists ${name} with (force)`)
      await admin.end({ timeout: 1 })
    },
  }
}
