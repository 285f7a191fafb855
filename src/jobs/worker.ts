/**
 * The report worker: takes jobs from the queue, builds the report, and moves every job that has
 * failed for good to the dead-letter queue. Runs in its own process (`npm run worker`, see
 * src/worker.ts) or inside the API for the quick start (plugins/report-queue.ts).
 * What keeps jobs from being lost:
 *  - "failed for good" is read from BullMQ's failed set, not worked out from attempt counts: jobs
 *    that are retried wait in `delayed`, so whatever reaches `failed` is terminal, whatever the
 *    cause (attempts used up, stalled too often, invalid input). The set is swept into the
 *    dead-letter queue after each failure and at start, so a worker that died between the
 *    failure and the move leaves nothing behind;
 *  - BullMQ locks an active job for `lockMs` and renews the lock while the worker is alive; a
 *    killed worker's job is "stalled" after that and another worker takes it over;
 *  - the build never blocks this event loop (a cursor, async file writes), so lock renewals are
 *    never late: a worker that blocked past `lockMs` would have its job run twice;
 *  - close() waits for active jobs up to `shutdownGraceMs`, then lets them go (the lock expires and
 *    another worker finishes them): worker.close() alone would wait forever for a hung job.
 *    A job let go has stalled once; see MAX_STALLED_COUNT.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { MetricsTime, Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import postgres from 'postgres'
import type { Config } from '../config.js'
import { distinctErrorLogger } from '../log-distinct-errors.js'
import { buildReport, sweepReports } from './build-report.js'
import {
  DEAD_LETTER_QUEUE,
  REPORT_QUEUE,
  deadLetterId,
  queueOptions,
  reportRequest,
  type DeadLetter,
  type ReportRequest,
  type ReportResult,
} from './report-job.js'
import { sessionParameters } from '../db/session-parameters.js'

/**
 * How often a job may lose its worker (a crash, a SIGKILL, a lock that expired) and still be
 * retried. The second time, it fails for good and goes to the dead-letter queue: one crash is bad
 * luck (a deploy, an OOM kill elsewhere); two on the same job suggest the job is what crashes its
 * workers, and retrying it again would take down a third. BullMQ's default, stated here on purpose.
 */
export const MAX_STALLED_COUNT = 1
/** Failed jobs moved per sweep; the sweep runs again after every failure. */
const SWEEP_BATCH = 100

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

/**
 * The two ways a Redis loses queued jobs, said once at start: it may evict keys for memory (any
 * policy but noeviction), or it keeps nothing on disk (no append-only file, no snapshots), so a
 * restart empties the queue. Either is a Redis setting, not ours: a warning, not a refusal.
 */
export async function warnIfJobsMayBeLost(redis: Redis, log: ReportWorkerOptions['log']): Promise<void> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string]
    if (policy !== 'noeviction') {
      log.warn(
        `Redis maxmemory-policy is ${policy}: under memory pressure it may evict queued jobs. Set it to noeviction.`,
      )
    }
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as [string, string]
    const [, save] = (await redis.config('GET', 'save')) as [string, string]
    if (appendonly !== 'yes' && save.trim() === '') {
      log.warn(
        'Redis keeps nothing on disk (appendonly no, no save points): a restart loses every queued job. Set appendonly yes (appendfsync everysec).',
      )
    }
  } catch {
    log.warn(
      'could not read the Redis settings that keep jobs (CONFIG disabled?); make sure maxmemory-policy is noeviction and appendonly is yes',
    )
  }
}

/** One issue of invalid input, with the field it is about. */
function issueText(issue: { path: PropertyKey[]; message: string }): string {
  // Stryker disable next-line StringLiteral: a report request is flat: a path has one key, nothing to join
  const field = issue.path.map(String).join('.')
  return `${field}: ${issue.message}`
}

export async function startReportWorker(options: ReportWorkerOptions): Promise<ReportWorker> {
  const { reports, log } = options
  // Workers block on Redis (BRPOPLPUSH-style waits): ioredis must retry their commands forever.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null })
  // Stryker disable next-line StringLiteral: BullMQ's connection wrapper listens to it too; nothing else changes
  connection.on('error', () => {}) // reported through the worker's own 'error' event
  const connectionErrors = distinctErrorLogger(log, 'report worker: queue connection error')
  connection.on('ready', connectionErrors.recovered)
  const sql = postgres(options.databaseUrl, {
    max: reports.concurrency,
    onnotice: () => {},
    connection: sessionParameters('blindspots-worker', options.dbStatementTimeoutMs),
  })
  const queue = new Queue<ReportRequest, ReportResult>(REPORT_QUEUE, queueOptions(reports, connection))
  const deadLetter = new Queue<DeadLetter>(DEAD_LETTER_QUEUE, queueOptions(reports, connection))
  // Their connection errors are the worker's, logged once per outage below; unheard, BullMQ prints
  // each one with its stack on stderr (a hundred in twenty seconds of outage).
  queue.on('error', () => {})
  deadLetter.on('error', () => {})

  const worker = new Worker<ReportRequest, ReportResult>(
    REPORT_QUEUE,
    async (job: Job<ReportRequest, ReportResult>) => {
      await job.log(`attempt ${job.attemptsMade + 1} started at ${new Date().toISOString()}`)
      // Another producer (another service, an older API) may enqueue what this one would refuse:
      // such a job can never succeed, so it must not burn its retries.
      const parsed = reportRequest.safeParse(job.data)
      if (!parsed.success)
        throw new UnrecoverableError(`invalid report request: ${parsed.error.issues.map(issueText).join('; ')}`)
      const { rows, simulateFailures } = parsed.data
      if (job.attemptsMade < simulateFailures)
        throw new Error(`simulated failure ${job.attemptsMade + 1} of ${simulateFailures}`)
      return buildReport(sql, options.filesDir, job.id!, rows, (done) =>
        job.updateProgress(Math.round((100 * done) / rows)),
      )
    },
    {
      connection,
      prefix: reports.queuePrefix,
      concurrency: reports.concurrency,
      lockDuration: reports.lockMs,
      stalledInterval: reports.lockMs,
      maxStalledCount: MAX_STALLED_COUNT,
      // BullMQ's counts of finished jobs (a total and one point a minute, a week of them: ~60 KB
      // in Redis), for GET /jobs/metrics.
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    },
  )
  worker.on('error', connectionErrors.error)
  worker.on('failed', (job, err) => {
    if (!job) return
    log.warn({ jobId: job.id, attempt: job.attemptsMade, err: err.message }, 'report job failed')
    sweepFailed()
  })

  /** Copies each job of the failed set to the dead-letter queue, then removes it (one sweep at a time). */
  let sweeping: Promise<void> | undefined
  // Stryker disable next-line BooleanLiteral: one more pass over a failed set the pass before emptied: the same outcome
  let again = false
  function sweepFailed(): void {
    // Equivalent if undone: a second sweep at once moves the same jobs again, and a move is
    // idempotent (the copy's id is the job's).
    // Stryker disable next-line ConditionalExpression,BlockStatement: as said above
    if (sweeping) {
      again = true
      return
    }
    sweeping = (async () => {
      do {
        again = false
        // Stryker disable next-line ArithmeticOperator: a batch one or two larger; the loop takes the rest
        for (const job of await queue.getFailed(0, SWEEP_BATCH - 1)) {
          // One job that cannot be moved must not hold back the others.
          await moveToDeadLetter(job).catch((err: unknown) =>
            log.error({ err, jobId: job.id }, 'could not dead-letter a failed job; it stays in the failed set'),
          )
        }
      } while (again)
    })()
      .catch((err: unknown) =>
        log.error({ err }, 'could not sweep failed jobs into the dead-letter queue; the next failure or start retries'),
      )
      .finally(() => (sweeping = undefined))
  }

  async function moveToDeadLetter(job: Job<ReportRequest, ReportResult>) {
    // Copy first, then remove: a crash in between leaves the job in both places, never neither
    // (the copy's id is derived from the job's, so a second sweep adds nothing).
    const letter: DeadLetter = {
      request: job.data,
      failedReason: job.failedReason,
      attemptsMade: job.attemptsMade,
      failedAt: job.finishedOn ?? Date.now(),
    }
    await deadLetter.add(job.name, letter, {
      jobId: deadLetterId(job.id!),
      // Stryker disable next-line BooleanLiteral: no worker takes dead letters: they never complete or fail
      removeOnComplete: false,
      // Stryker disable next-line BooleanLiteral: as above
      removeOnFail: false,
    })
    await queue.remove(job.id!)
    log.warn({ jobId: job.id, reason: job.failedReason }, 'report job dead-lettered')
  }
  sweepFailed()

  const sweep = setInterval(() => {
    sweepReports(options.filesDir, reports.resultTtlMs).catch((err: unknown) =>
      log.warn({ err }, 'report sweep failed'),
    )
  }, 60_000)
  sweep.unref()

  return {
    redis: connection,
    async close() {
      clearInterval(sweep)
      if (connection.status !== 'ready') {
        // Redis is not there: no job can be handed back, and BullMQ's own close would wait for
        // Redis for ever. Its locks expire by themselves; another worker takes the jobs over.
        log.warn('report worker: Redis is unreachable; closing without waiting for it')
        for (const closing of [worker.close(true), queue.close(), deadLetter.close()]) closing.catch(() => {})
        connection.disconnect()
        await sql.end({ timeout: 0 })
        return
      }
      // Not close() then close(true): once closing has begun, BullMQ's close(force) returns the
      // first call's promise, which waits for the jobs however long they take. pause() stops
      // fetching and waits for active jobs; the race bounds that wait
      // (https://github.com/taskforcesh/bullmq/issues/834).
      const idle = worker.pause().then(() => true)
      // Equivalent if undone: whether the timer alone keeps the process up; close() awaits it either way.
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: as said above
      const finished = await Promise.race([idle, sleep(reports.shutdownGraceMs, false, { ref: false })])
      if (!finished)
        log.warn(
          `report worker: active jobs still running after ${reports.shutdownGraceMs} ms; leaving them to another worker`,
        )
      await worker.close(!finished)
      await sweeping
      await queue.close()
      await deadLetter.close()
      // Jobs let go are another worker's now: end their queries at once rather than wait on them.
      await sql.end({ timeout: finished ? 5 : 0 })
      connection.disconnect()
    },
  }
}
