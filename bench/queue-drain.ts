/**
 * For a variant that offloads work to the report queue, what its req/s does not show: how fast
 * the workers get through the jobs, how long each job took from enqueue to completion, how the
 * backlog grew during the load, and how long it lasted after the load stopped. Counts from the
 * API's GET /jobs/metrics; each job's times from BullMQ itself.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { request } from 'undici'
import { REPORT_QUEUE } from '../src/jobs/report-job.js'
import { percentile } from './open-load.js'

export interface QueueDrain {
  readonly scenario: string
  readonly variant: string
  /** Jobs the measured run made (completed by the end of the drain). */
  readonly jobs: number
  /** From the end of the measured load until no job waits, runs or is delayed, ms. */
  readonly drainMs: number
  /** Jobs the workers completed per second, from the start of the measured load to the end of the drain. */
  readonly jobsPerSec: number
  /** Worker connections on the queue (one process with concurrency N counts once). */
  readonly workers: number
  readonly deadLettered: number
  /** How long the measured load lasted, s. */
  readonly loadSec: number
  /** Enqueue to completion of each of the run's jobs (BullMQ's timestamp to finishedOn), ms. */
  readonly endToEndMs: { readonly p50: number; readonly p99: number; readonly max: number }
  /** Unfinished jobs (waiting, active, delayed), read every ~250 ms from the load's start to the drain's end. */
  readonly backlog: { readonly peak: number; readonly samples: ReadonlyArray<readonly [ms: number, jobs: number]> }
}

interface Metrics {
  waiting: number
  active: number
  delayed: number
  completed: number
  deadLettered: number
  workers: number
  backlog: number
  maxBacklog: number
  finishedTotal: { completed: number; failed: number }
}

/** When a job was added and when it completed, epoch ms. */
export interface JobTimes {
  readonly enqueuedAt: number
  readonly finishedAt: number
}

/** Reads the times of the completed jobs enqueued since `since` (epoch ms). */
export type JobTimesReader = (since: number) => Promise<JobTimes[]>

/** A JobTimesReader for the report queue under `prefix` (the bench reads BullMQ directly). */
export function reportJobTimes(redisUrl: string, prefix: string): JobTimesReader {
  return async (since) => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
    const queue = new Queue(REPORT_QUEUE, { connection, prefix })
    try {
      const jobs = await queue.getJobs(['completed'], 0, -1)
      return jobs
        .filter((j) => j.timestamp >= since && j.finishedOn !== undefined)
        .map((j) => ({ enqueuedAt: j.timestamp, finishedAt: j.finishedOn! }))
    } finally {
      await queue.close()
      connection.disconnect()
    }
  }
}

/** Reads the backlog every `everyMs` until stopped; the samples, as ms since the start. */
function sampleBacklog(apiUrl: string, everyMs = 250) {
  const samples: Array<[number, number]> = []
  const start = performance.now()
  let running = true
  const done = (async () => {
    while (running) {
      const m = await queueMetrics(apiUrl).catch(() => undefined)
      if (m) samples.push([Math.round(performance.now() - start), m.backlog])
      await sleep(everyMs)
    }
  })()
  return async () => {
    running = false
    await done
    return samples
  }
}

export async function queueMetrics(apiUrl: string): Promise<Metrics> {
  const { statusCode, body } = await request(`${apiUrl}/jobs/metrics`, { headersTimeout: 5_000, bodyTimeout: 5_000 })
  if (statusCode !== 200) throw new Error(`GET /jobs/metrics answered ${statusCode}: ${await body.text()}`)
  return (await body.json()) as Metrics
}

/** Waits until no job waits, runs or is delayed; the metrics then. */
export async function waitForEmptyQueue(apiUrl: string, timeoutMs = 180_000): Promise<Metrics> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const m = await queueMetrics(apiUrl)
    if (m.waiting + m.active + m.delayed === 0) return m
    if (Date.now() > deadline)
      throw new Error(`the report queue did not drain within ${timeoutMs} ms: ${JSON.stringify(m)}`)
    await sleep(100)
  }
}

/** Wraps a measured run: empties the queue first, then times the drain after it. */
export async function withQueueDrain<T>(
  apiUrl: string,
  scenario: string,
  variant: string,
  run: () => Promise<T>,
  jobTimes: JobTimesReader,
): Promise<{ result: T; drain: QueueDrain }> {
  const before = await waitForEmptyQueue(apiUrl)
  const startedAt = Date.now()
  const start = performance.now()
  const stopSampling = sampleBacklog(apiUrl)
  const result = await run()
  const loadEnd = performance.now()
  const after = await waitForEmptyQueue(apiUrl)
  const end = performance.now()
  const samples = await stopSampling()
  // Counters, not the completed set: completed jobs can expire while the bench runs.
  const jobs = after.finishedTotal.completed - before.finishedTotal.completed
  const latencies = (await jobTimes(startedAt)).map((j) => j.finishedAt - j.enqueuedAt).sort((a, b) => a - b)
  const drain = {
    scenario,
    variant,
    jobs,
    drainMs: end - loadEnd,
    jobsPerSec: jobs / ((end - start) / 1000),
    workers: after.workers,
    deadLettered: after.deadLettered - before.deadLettered,
    loadSec: (loadEnd - start) / 1000,
    endToEndMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    backlog: { peak: Math.max(0, ...samples.map(([, n]) => n)), samples },
  }
  return { result, drain }
}

/** Deletes every key of a queue prefix: each bench run uses a prefix of its own (bench/run.ts). */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect()
    let deleted = 0
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await redis.unlink(...keys)
    }
    return deleted
  } finally {
    redis.disconnect()
  }
}
