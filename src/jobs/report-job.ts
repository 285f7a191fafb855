/**
 * The report job: what a POST /reports asks for, how its job id is chosen, and the queue options
 * every producer and worker share (retries with exponential backoff and jitter, expiry).
 */
import { createHash, randomUUID } from 'node:crypto'
import type { DefaultJobOptions, QueueOptions } from 'bullmq'
import { z } from 'zod'
import type { Config } from '../config.js'
import { SEED_ORDERS } from '../db/seed.js'

export const REPORT_QUEUE = 'reports'
/** Jobs that failed every attempt wait here, untouched by workers, until re-driven. */
export const DEAD_LETTER_QUEUE = 'reports-dead-letter'
export const REPORT_JOB = 'orders-csv'

export const reportRequest = z.object({
  /** The first `rows` orders, as CSV. */
  rows: z.number().int().min(1).max(SEED_ORDERS).default(20_000),
  /**
   * For workshops and tests: the first N attempts fail on purpose, to watch retries and the DLQ.
   * Counted across re-drives: a job re-driven after 3 of 5 fails twice more, then succeeds.
   */
  simulateFailures: z.number().int().min(0).max(10).default(0),
})
export type ReportRequest = z.infer<typeof reportRequest>

export const reportResult = z.object({
  /** The file's name under /reports/results/. */
  file: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
})
export type ReportResult = z.infer<typeof reportResult>

/** What the dead-letter queue keeps of a job that failed for good. */
export interface DeadLetter {
  /** The job's data as it was enqueued (it may be invalid: that can be why it failed). */
  readonly request: unknown
  readonly failedReason: string
  readonly attemptsMade: number
  readonly failedAt: number
}

/**
 * A job's id in the dead-letter queue (and when re-driven): its own, unless BullMQ would refuse it
 * as a custom id, as it does an auto-generated integer (a producer that set no id).
 */
export function deadLetterId(jobId: string): string {
  return /^\d+$/.test(jobId) ? `auto-${jobId}` : jobId
}

/**
 * What a re-drive enqueues: the same request, less the simulated failures already spent. Input
 * that is invalid goes back as it was sent, and fails the same way: a re-drive does not edit data.
 */
export function redrivenRequest({ request, attemptsMade }: DeadLetter): ReportRequest {
  const parsed = reportRequest.safeParse(request)
  if (!parsed.success) return request as ReportRequest
  return { ...parsed.data, simulateFailures: Math.max(0, parsed.data.simulateFailures - attemptsMade) }
}

/**
 * The job id: derived from the Idempotency-Key when there is one, so a retried POST finds the job
 * it already made instead of making a second (BullMQ ignores an add whose id exists). Hashed, so
 * any header value makes a valid id. Without a key, a fresh id.
 * A job id dedupes only while the job exists (completed jobs expire after REPORT_RESULT_TTL_MS),
 * and a job can run twice (a worker that dies after writing but before acknowledging). The
 * report's effect is safe to repeat: a file named by the job id, replaced whole by rename. An
 * effect that must happen once (a charge, an e-mail) needs a unique key in Postgres as well.
 */
export function reportJobId(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `r-${randomUUID()}`
  return `k-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`
}

export function reportJobOptions(reports: Config['reports']): DefaultJobOptions {
  return {
    attempts: reports.attempts,
    // 1 s, 2 s, 4 s … each up to 30% shorter (BullMQ's jitter draws from [0.7 d, d]), so jobs
    // that failed together do not retry together.
    backoff: { type: 'exponential', delay: reports.backoffMs, jitter: 0.3 },
    removeOnComplete: { age: Math.ceil(reports.resultTtlMs / 1000) },
    // Kept until the dead-letter queue has a copy (jobs/worker.ts moves it, then removes it).
    removeOnFail: false,
  }
}

export function queueOptions(reports: Config['reports'], connection: QueueOptions['connection']): QueueOptions {
  return { connection, prefix: reports.queuePrefix, defaultJobOptions: reportJobOptions(reports) }
}

/** Where a finished report is served (GET /reports/results/:file, jobs/routes.ts). */
export const resultUrl = (file: string) => `/reports/results/${file}`
