/**
 * The report queue (BullMQ on Redis), decorated as `app.reports`: enqueue a report, read a job,
 * the dead-letter queue, the counts. Producers share the app's Redis client, which has no offline
 * queue: while Redis is down an enqueue fails at once and the route answers 503, instead of the
 * job waiting in this process's memory (and being lost with it). Every Redis call is also bounded
 * in time. With REPORT_WORKER=in-process, a worker runs here too (the quick start).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Queue, type Job, type JobState } from 'bullmq'
import { QueueFullError, QueueUnavailableError } from '../errors.js'
import { within } from '../infra/within.js'
import {
  DEAD_LETTER_QUEUE,
  REPORT_JOB,
  REPORT_QUEUE,
  deadLetterId,
  queueOptions,
  redrivenRequest,
  reportJobId,
  type DeadLetter,
  type ReportRequest,
  type ReportResult,
} from '../jobs/report-job.js'
import { startReportWorker, warnIfJobsMayBeLost, type ReportWorker } from '../jobs/worker.js'

declare module 'fastify' {
  interface FastifyInstance {
    reports: ReportQueue
  }
}

/** Longest wait for Redis on a request's path: Redis answers in a millisecond when it is up. */
const REDIS_CALL_TIMEOUT_MS = 2_000

export type ReportJob = Job<ReportRequest, ReportResult>

export interface ReportQueue {
  /**
   * Adds the job, or finds the one already made for this Idempotency-Key. Refuses a new job with
   * QueueFullError (503 + Retry-After) while `maxBacklog` jobs are unfinished.
   */
  enqueue(
    request: ReportRequest,
    idempotencyKey: string | undefined,
  ): Promise<{ id: string; state: JobState | 'unknown' }>
  find(id: string): Promise<{ job: ReportJob; state: JobState | 'unknown' } | { deadLetter: Job<DeadLetter> } | null>
  deadLetters(): Promise<Array<Job<DeadLetter>>>
  /** The lines the worker logged on a job (its first 20). */
  log(id: string): Promise<string[]>
  /**
   * Puts a dead-lettered job back on the queue with fresh attempts (see redrivenRequest), under its
   * dead-letter id (the same, see deadLetterId); that id, or undefined if no such letter.
   */
  redrive(id: string): Promise<string | undefined>
  counts(): Promise<Record<string, number>>
  /** Of the last `count` completed jobs, newest first: ms from enqueue to start, and to completion. */
  recentTimes(count: number): Promise<Array<{ waitMs: number; totalMs: number }>>
  /** Jobs completed and failed since the queue's metrics began: counters (BullMQ's worker metrics). */
  finished(): Promise<{ completed: number; failed: number }>
}

/**
 * BullMQ's counts as an operator reads them: prioritized jobs wait too, and the backlog the
 * admission bound counts is every job not finished (waiting, active, delayed). The one place
 * that says so, for the admission check, /jobs/metrics and /metrics.
 */
export function queueSummary(c: Record<string, number>) {
  const waiting = (c.waiting ?? 0) + (c.prioritized ?? 0)
  const active = c.active ?? 0
  const delayed = c.delayed ?? 0
  return {
    waiting,
    active,
    delayed,
    backlog: waiting + active + delayed,
    completed: c.completed ?? 0,
    failed: c.failed ?? 0,
    deadLettered: c.deadLettered ?? 0,
    workers: c.workers ?? 0,
  }
}

/** Runs a Redis call, or fails with a 503 if Redis errors or does not answer in time. */
export async function bounded<T>(call: Promise<T>): Promise<T> {
  try {
    return await within(
      call,
      REDIS_CALL_TIMEOUT_MS,
      () => new QueueUnavailableError(`no answer within ${REDIS_CALL_TIMEOUT_MS} ms`),
    )
  } catch (err) {
    if (err instanceof QueueUnavailableError) throw err
    throw new QueueUnavailableError(err instanceof Error ? err.message : String(err))
  }
}

async function reportQueuePlugin(app: FastifyInstance) {
  const { reports } = app.config
  const queue = new Queue<ReportRequest, ReportResult>(REPORT_QUEUE, queueOptions(reports, app.redis))
  const deadLetter = new Queue<DeadLetter>(DEAD_LETTER_QUEUE, queueOptions(reports, app.redis))
  // Connection errors are the redis plugin's to log; a queue must not crash the process over one.
  queue.on('error', () => {})
  deadLetter.on('error', () => {})
  if (app.redis.status === 'ready') await warnIfJobsMayBeLost(app.redis, app.log)

  let worker: ReportWorker | undefined
  if (reports.worker === 'in-process') {
    worker = await startReportWorker({
      databaseUrl: app.config.databaseUrl,
      redisUrl: app.config.redisUrl,
      filesDir: app.config.filesDir,
      reports,
      dbStatementTimeoutMs: app.config.dbStatementTimeoutMs,
      log: app.log,
    })
  }

  /** Jobs not finished yet: what a new job would wait behind, and what the bound counts. */
  async function backlog(): Promise<number> {
    return queueSummary(await bounded(queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'))).backlog
  }

  // Requests that read the count together would each see room for one more. So each also counts
  // this process's adds still under way when its count comes back: the queue's commands share one
  // connection, answered in order, so those are exactly the adds its count does not hold. Exact
  // within a process; across API processes the bound stays soft, by what the others add meanwhile.
  let addsUnderWay = 0
  const reportQueue: ReportQueue = {
    async enqueue(request, idempotencyKey) {
      const jobId = reportJobId(idempotencyKey)
      const unfinished = (await backlog()) + addsUnderWay
      if (unfinished >= reports.maxBacklog) {
        // A retried request whose job exists is answered with it: that adds nothing.
        const state = idempotencyKey === undefined ? 'unknown' : await bounded(queue.getJobState(jobId))
        if (state !== 'unknown') return { id: jobId, state }
        throw new QueueFullError(unfinished)
      }
      addsUnderWay++
      const job = await bounded(queue.add(REPORT_JOB, request, { jobId })).finally(() => addsUnderWay--)
      return { id: job.id!, state: await bounded(job.getState()) }
    },
    async find(id) {
      // State first, then the job: read the other way round, a job that completes in between
      // would read as completed without its result. This way a state can only be a little stale.
      const state = await bounded(queue.getJobState(id))
      const job = state === 'unknown' ? undefined : await bounded(queue.getJob(id))
      if (job) return { job, state }
      const letter = await bounded(deadLetter.getJob(deadLetterId(id)))
      return letter ? { deadLetter: letter } : null
    },
    deadLetters: () => bounded(deadLetter.getJobs(['waiting'], 0, 99)),
    log: async (id) => (await bounded(queue.getJobLogs(id, 0, 19))).logs,
    async redrive(id) {
      const letter = await bounded(deadLetter.getJob(deadLetterId(id)))
      if (!letter) return undefined
      const redrivenId = letter.id!
      // A copy left in the failed set (a worker that died mid-sweep) would turn the add into a no-op.
      await bounded(queue.remove(redrivenId))
      await bounded(queue.add(REPORT_JOB, redrivenRequest(letter.data), { jobId: redrivenId }))
      await bounded(letter.remove())
      return redrivenId
    },
    async counts() {
      const [main, dead, workers] = await Promise.all([
        bounded(queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized')),
        bounded(deadLetter.getJobCounts('waiting')),
        bounded(queue.getWorkersCount()),
      ])
      return { ...main, deadLettered: dead.waiting ?? 0, workers }
    },
    async recentTimes(count) {
      const jobs = await bounded(queue.getJobs(['completed'], 0, count - 1, false))
      // A completed job was started (processedOn) and finished (finishedOn): BullMQ sets both.
      return jobs.map((job) => ({ waitMs: job.processedOn! - job.timestamp, totalMs: job.finishedOn! - job.timestamp }))
    },
    async finished() {
      // Only the counters: the per-minute points are written when a minute has passed.
      const [completed, failed] = await Promise.all([
        bounded(queue.getMetrics('completed', 0, 0)),
        bounded(queue.getMetrics('failed', 0, 0)),
      ])
      return { completed: completed.meta.count, failed: failed.meta.count }
    },
  }
  app.decorate('reports', reportQueue)

  app.addHook('onClose', async () => {
    // In-flight requests have finished (drain on close); the worker finishes or lets go its jobs.
    await worker?.close()
    await queue.close()
    await deadLetter.close()
  })
}

export default fp(reportQueuePlugin, { name: 'report-queue', fastify: '5.x', dependencies: ['redis'] })
