/**
 * `npm run db:migrate` and `npm run db:seed` (in the image: `node dist/db/cli.js migrate|seed`).
 * migrate: applies what the database lacks, then exits; the one-off job a deployment runs before
 * its replicas (docker-compose's migrate service), which then start with DB_MIGRATE_ON_START=false.
 * seed: migrates, then writes the demo rows if the tables are empty; never run by a start-up
 * unless DEMO_DATA=true asks. Either works on DATABASE_URL, or on the embedded PostgreSQL that
 * `npm run dev` would start (same folder), started for the command and stopped after it.
 */
import { ConfigError, loadConfig } from '../config.js'
import { providePostgres } from '../infra/postgres.js'
import { migrationHistories } from './migration-histories.js'
import { prepareDatabase } from './migrate.js'

const COMMANDS = ['migrate', 'seed']
const args = process.argv.slice(2)
const command = args[0] ?? ''

try {
  if (args.length !== 1 || !COMMANDS.includes(command))
    throw new ConfigError(`usage: db/cli ${COMMANDS.join(' | ')} (got: ${args.join(' ') || 'nothing'})`)
  const config = loadConfig()
  const postgres = await providePostgres(config.databaseUrl, config.embeddedPostgresDir)
  try {
    const seeded = await prepareDatabase(postgres.url, {
      migrations: migrationHistories,
      demoData: command === 'seed',
    })
    const what =
      command === 'migrate'
        ? 'migrated'
        : seeded
          ? 'migrated and seeded'
          : 'migrated; not seeded: the orders table already has rows'
    console.log(`db:${command}: ${what} (${postgres.source})`)
  } finally {
    await postgres.stop()
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exitCode = 1
}
