/**
 * `npm run worker`: a report worker in its own process (run as many as you like), for an API
 * started with REPORT_WORKER=separate. It needs the API's PostgreSQL and Redis: DATABASE_URL and
 * REDIS_URL (the API logs both at start), and the same FILES_DIR. On SIGINT/SIGTERM it stops
 * taking jobs, lets its active ones finish for up to REPORT_SHUTDOWN_GRACE_MS, and exits; a job
 * it could not finish goes back to the queue when its lock expires. A SIGKILL loses nothing
 * either: the lock expires the same way.
 */
import pino from 'pino'
import postgres from 'postgres'
import { ConfigError, loadConfig, printableUrl, unusable } from './config.js'
import { closeGracefully } from './graceful-shutdown.js'
import { redisAnswers } from './infra/redis.js'
import { startReportWorker, warnIfJobsMayBeLost } from './jobs/worker.js'

const log = pino({ name: 'report-worker', level: process.env.LOG_LEVEL ?? 'info' })

/** A worker is nothing without both: one line naming the variable that does not answer, before it starts. */
async function checkReachable(databaseUrl: string, redisUrl: string): Promise<void> {
  if (!(await redisAnswers(redisUrl, 2_000)))
    throw new ConfigError(`REDIS_URL (${printableUrl(redisUrl)}): no Redis answers there`)
  const sql = postgres(databaseUrl, { max: 1, connect_timeout: 5, onnotice: () => {} })
  try {
    await sql`select 1`
  } catch (err) {
    throw unusable('DATABASE_URL', databaseUrl, err)
  } finally {
    await sql.end({ timeout: 0 })
  }
}

try {
  const config = loadConfig()
  if (!config.databaseUrl || !config.redisUrl) {
    throw new ConfigError(
      'npm run worker needs DATABASE_URL and REDIS_URL, the ones the API uses (it logs them at start). ' +
        'Or leave REPORT_WORKER=in-process (the default) and the API runs a worker itself.',
    )
  }
  await checkReachable(config.databaseUrl, config.redisUrl)
  const worker = await startReportWorker({
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    filesDir: config.filesDir,
    reports: config.reports,
    dbStatementTimeoutMs: config.dbStatementTimeoutMs,
    log,
  })
  // In the API process the report-queue plugin checks this once; a worker alone checks it here.
  await warnIfJobsMayBeLost(worker.redis, log)
  log.info({ concurrency: config.reports.concurrency, prefix: config.reports.queuePrefix }, 'report worker started')
  // No new jobs; active ones finish within the grace, or go back to the queue.
  closeGracefully({ delayMs: config.reports.shutdownGraceMs + 5_000, log }, () => worker.close())
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exitCode = 1
}
