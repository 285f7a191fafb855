/**
 * The report worker: takes jobs from the queue, builds the report, and moves a job that failed
 * its last attempt to the dead-letter queue. Runs in its own process (`npm run worker`, see
 * src/worker.ts) or inside the API for the quick start (plugins/report-queue.ts).
 * What keeps jobs from being lost:
 *  - BullMQ locks an active job for `lockMs` and renews the lock while the worker is alive; a
 *    killed worker's job is "stalled" after that and another worker takes it over;
 *  - the build never blocks this event loop (a cursor, async file writes), so lock renewals are
 *    never late: a worker that blocked past `lockMs` would have its job run twice;
 *  - close() waits for active jobs up to `shutdownGraceMs`, then lets them go (the lock expires and
 *    another worker finishes them): worker.close() alone would wait forever for a hung job.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Queue, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import postgres from 'postgres'
import type { Config } from '../config.js'
import { buildReport, sweepReports } from './build-report.js'
import { DEAD_LETTER_QUEUE, REPORT_QUEUE, queueOptions, type DeadLetter, type ReportRequest, type ReportResult } from './report-job.js'

export interface ReportWorkerOptions {
  readonly databaseUrl: string
  readonly redisUrl: string
  readonly filesDir: string
  readonly reports: Config['reports']
  readonly dbStatementTimeoutMs: number
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>
}

export interface ReportWorker {
  /** The worker's own Redis connection (for a start-up check by whoever runs it alone). */
  readonly redis: Redis
  close(): Promise<void>
}

/** Redis must never evict queue keys: with any other policy a full Redis silently loses jobs. */
export async function warnUnlessNoEviction(redis: Redis, log: ReportWorkerOptions['log']): Promise<void> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string]
    if (policy !== 'noeviction') {
      log.warn(`Redis maxmemory-policy is ${policy}: under memory pressure it may evict queued jobs. Set it to noeviction.`)
    }
  } catch {
    log.warn('could not read Redis maxmemory-policy (CONFIG disabled?); make sure it is noeviction')
  }
}

export async function startReportWorker(options: ReportWorkerOptions): Promise<ReportWorker> {
  const { reports, log } = options
  // Workers block on Redis (BRPOPLPUSH-style waits): ioredis must retry their commands forever.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null })
  connection.on('error', () => {}) // reported through the worker's own 'error' event
  const sql = postgres(options.databaseUrl, {
    max: reports.concurrency,
    onnotice: () => {},
    connection: { application_name: 'blindspots-worker', statement_timeout: options.dbStatementTimeoutMs },
  })
  const deadLetter = new Queue(DEAD_LETTER_QUEUE, queueOptions(reports, connection))

  const worker = new Worker<ReportRequest, ReportResult>(
    REPORT_QUEUE,
    async (job: Job<ReportRequest, ReportResult>) => {
      await job.log(`attempt ${job.attemptsMade + 1} started at ${new Date().toISOString()}`)
      if (job.attemptsMade < job.data.simulateFailures) throw new Error(`simulated failure ${job.attemptsMade + 1} of ${job.data.simulateFailures}`)
      return buildReport(sql, options.filesDir, job.id!, job.data.rows, (done) => job.updateProgress(Math.round((100 * done) / job.data.rows)))
    },
    {
      connection,
      prefix: reports.queuePrefix,
      concurrency: reports.concurrency,
      lockDuration: reports.lockMs,
      stalledInterval: reports.lockMs,
    },
  )
  worker.on('error', (err) => log.warn({ err }, 'report worker: queue connection error'))
  worker.on('failed', (job, err) => {
    if (!job) return
    const final = job.attemptsMade >= (job.opts.attempts ?? 1)
    log.warn({ jobId: job.id, attempt: job.attemptsMade, final, err: err.message }, 'report job failed')
    if (final) void moveToDeadLetter(job, err.message)
  })

  async function moveToDeadLetter(job: Job<ReportRequest, ReportResult>, reason: string) {
    try {
      // Copy first, then remove: a crash in between leaves the job in both places, never neither.
      const letter: DeadLetter = { request: job.data, failedReason: reason, attemptsMade: job.attemptsMade, failedAt: Date.now() }
      await deadLetter.add(job.name, letter, { jobId: job.id!, removeOnComplete: false, removeOnFail: false })
      await job.remove()
    } catch (err) {
      log.error({ err, jobId: job.id }, 'could not move a failed job to the dead-letter queue; it stays in the failed set')
    }
  }

  const sweep = setInterval(() => {
    sweepReports(options.filesDir, reports.resultTtlMs).catch((err: unknown) => log.warn({ err }, 'report sweep failed'))
  }, 60_000)
  sweep.unref()

  return {
    redis: connection,
    async close() {
      clearInterval(sweep)
      const closed = worker.close()
      const finished = await Promise.race([closed.then(() => true), sleep(reports.shutdownGraceMs, false, { ref: false })])
      if (!finished) {
        log.warn(`report worker: active jobs still running after ${reports.shutdownGraceMs} ms; leaving them to another worker`)
        await worker.close(true)
      }
      await deadLetter.close()
      await sql.end({ timeout: 5 })
      connection.disconnect()
    },
  }
}
