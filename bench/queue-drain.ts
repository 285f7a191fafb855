/**
 * For a variant that offloads work to the report queue, what its req/s does not show: how fast
 * the workers get through the jobs, and how long the backlog lasts after the load stops. Read
 * from the API's GET /jobs/metrics.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { request } from 'undici'

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
}

interface Metrics {
  waiting: number
  active: number
  delayed: number
  completed: number
  deadLettered: number
  workers: number
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
    if (Date.now() > deadline) throw new Error(`the report queue did not drain within ${timeoutMs} ms: ${JSON.stringify(m)}`)
    await sleep(100)
  }
}

/** Wraps a measured run: empties the queue first, then times the drain after it. */
export async function withQueueDrain<T>(
  apiUrl: string,
  scenario: string,
  variant: string,
  run: () => Promise<T>,
): Promise<{ result: T; drain: QueueDrain }> {
  const before = await waitForEmptyQueue(apiUrl)
  const start = performance.now()
  const result = await run()
  const loadEnd = performance.now()
  const after = await waitForEmptyQueue(apiUrl)
  const end = performance.now()
  const jobs = after.completed - before.completed
  const drain = {
    scenario,
    variant,
    jobs,
    drainMs: end - loadEnd,
    jobsPerSec: jobs / ((end - start) / 1000),
    workers: after.workers,
    deadLettered: after.deadLettered - before.deadLettered,
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
