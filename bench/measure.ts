/**
 * One measurement: a warm-up, then a measured autocannon run against one variant, bracketed by a
 * reset and a read of the server's own event-loop histogram and peak RSS.
 */
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import { request } from 'undici'
import type { BenchConditions, Workload } from './workloads.js'
import { waitUntilIdle } from './api-process.js'

export interface RunOptions {
  readonly connections: number
  readonly durationSec: number
  readonly warmupSec: number
}

export type AroundRun = <T>(run: () => Promise<T>) => Promise<T>

export interface Measurement {
  readonly rps: number
  readonly requests: number
  readonly latencyMs: { p50: number; p97_5: number; p99: number; max: number }
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  /** 503 replies (part of non2xx): load shed on purpose by some variants. */
  readonly shed503: number
  readonly eventLoopDelayMs: { p99: number; max: number }
  readonly rssPeakMb: number
  readonly rssGrowthMb: number
}

interface ServerStats {
  eventLoopDelayMs: { p99: number; max: number }
  rssPeakMb: number
  rssAtResetMb: number
}

async function call(url: string, method: 'GET' | 'POST'): Promise<unknown> {
  const { statusCode, body } = await request(url, { method, headersTimeout: 10_000, bodyTimeout: 10_000 })
  const text = await body.text()
  if (statusCode >= 300) throw new Error(`${method} ${url} answered ${statusCode}: ${text}`)
  return text ? JSON.parse(text) : null
}

/**
 * With `idempotencyKeys`, each request carries one of that many keys, in turn; the keys are new for
 * every load, so a warm-up's jobs are not the measured run's.
 */
function idempotencyKeys(size: number | undefined) {
  if (size === undefined) return {}
  const run = randomUUID()
  let next = 0
  return {
    setupRequest: (req: autocannon.Request): autocannon.Request => ({
      ...req,
      headers: { ...req.headers, 'idempotency-key': `${run}-${next++ % size}` },
    }),
  }
}

function load(baseUrl: string, request: ReturnType<Workload['request']>, connections: number, durationSec: number) {
  const { method, path: requestPath, body, headers } = request
  return autocannon({
    url: baseUrl,
    connections,
    duration: durationSec,
    timeout: 10,
    requests: [
      {
        method,
        path: requestPath,
        ...(body === undefined ? {} : { body }),
        ...(headers ? { headers } : {}),
        ...idempotencyKeys(request.idempotencyKeys),
      },
    ],
  })
}

/** p99 latency with a single connection: the variant's latency when nothing queues. */
export async function unloadedP99(baseUrl: string, workload: Workload, path: string, conditions: BenchConditions, durationSec: number) {
  await waitUntilIdle(baseUrl)
  const result = await load(baseUrl, workload.request(path, conditions), 1, durationSec)
  return result.latency.p99
}

export async function measure(
  baseUrl: string,
  workload: Workload,
  path: string,
  options: RunOptions,
  conditions: BenchConditions,
  /** Wraps the measured load (not the warm-up): the queue-drain timing uses it. */
  aroundMeasuredRun: AroundRun = (run) => run(),
): Promise<Measurement> {
  const request = workload.request(path, conditions)
  await waitUntilIdle(baseUrl)
  if (options.warmupSec > 0) {
    await load(baseUrl, request, options.connections, options.warmupSec)
    await waitUntilIdle(baseUrl)
  }
  const result = await aroundMeasuredRun(async () => {
    await call(`${baseUrl}/_bench/reset`, 'POST')
    return load(baseUrl, request, options.connections, options.durationSec)
  })
  const stats = (await call(`${baseUrl}/_bench/stats`, 'GET')) as ServerStats
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    shed503: result.statusCodeStats?.['503']?.count ?? 0,
    eventLoopDelayMs: { p99: stats.eventLoopDelayMs.p99, max: stats.eventLoopDelayMs.max },
    rssPeakMb: stats.rssPeakMb,
    rssGrowthMb: stats.rssPeakMb - stats.rssAtResetMb,
  }
}
