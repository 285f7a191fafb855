/**
 * One measurement: a warm-up, then a measured autocannon run against one variant, bracketed by a
 * reset and a read of the server's own event-loop histogram and peak RSS.
 */
import autocannon from 'autocannon'
import { request } from 'undici'
import { processCpuOf, type ProcessCpu } from './doctor/process-cpu.js'
import type { BenchConditions, Workload } from './workloads.js'
import { waitUntilIdle } from './api-process.js'
import { openLoad } from './open-load.js'

export interface RunOptions {
  readonly connections: number
  readonly durationSec: number
  readonly warmupSec: number
}

export type AroundRun = <T>(run: () => Promise<T>) => Promise<T>

/** What a measurement reads of a workload: the request it repeats, and a fixed rate if it offers one. */
export type LoadShape = Pick<Workload, 'request' | 'offeredRps'>

export interface Measurement {
  /** Replies per second; under an open-model workload (`offeredRps`), 2xx replies only. */
  readonly rps: number
  readonly requests: number
  readonly latencyMs: { p50: number; p97_5: number; p99: number; max: number }
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  /** 503 replies (part of non2xx): load shed on purpose by some variants. */
  readonly shed503: number
  /** 404 replies (part of non2xx): a route the server does not have. */
  readonly notFound: number
  readonly eventLoopDelayMs: { p99: number; max: number }
  /** The API process's CPU time over the measured window ÷ the requests sent in it. */
  readonly cpuMsPerRequest: number | null
  readonly cpuPctOfCore: number
  readonly rssPeakMb: number
  readonly rssGrowthMb: number
}

interface ServerStats {
  eventLoopDelayMs: { p99: number; max: number }
  rssPeakMb: number
  rssAtResetMb: number
  cpuMs: number
  windowMs: number
}

async function call(url: string, method: 'GET' | 'POST'): Promise<unknown> {
  const { statusCode, body } = await request(url, { method, headersTimeout: 10_000, bodyTimeout: 10_000 })
  const text = await body.text()
  if (statusCode >= 300) throw new Error(`${method} ${url} answered ${statusCode}: ${text}`)
  return text ? JSON.parse(text) : null
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
      },
    ],
  })
}

type Loaded = Omit<Measurement, 'eventLoopDelayMs' | 'rssPeakMb' | 'rssGrowthMb' | 'cpuMsPerRequest' | 'cpuPctOfCore'>

/**
 * The measured load: a closed loop of `connections`, or, for a workload that sets `offeredRps`,
 * that rate whatever the answers (bench/open-load.ts), with as achieved the 2xx replies per second
 * of the time the server took to answer them all: a variant that sheds what it cannot do must not
 * look faster for answering 503 quickly, nor one that falls behind for answering after the load
 * has stopped.
 */
async function measuredLoad(
  baseUrl: string,
  request: ReturnType<Workload['request']>,
  workload: LoadShape,
  connections: number,
  durationSec: number,
): Promise<Loaded> {
  if (workload.offeredRps !== undefined) {
    const { sent, statuses, spanSec, errors, timeouts, latencyMs } = await openLoad(
      baseUrl,
      request,
      workload.offeredRps,
      durationSec,
    )
    const count = (accept: (status: number) => boolean) =>
      Object.entries(statuses).reduce((sum, [status, n]) => (accept(Number(status)) ? sum + n : sum), 0)
    return {
      rps: count((s) => s < 300) / spanSec,
      requests: sent,
      latencyMs,
      errors,
      timeouts,
      non2xx: count((s) => s >= 300),
      shed503: statuses[503] ?? 0,
      notFound: statuses[404] ?? 0,
    }
  }
  const result = await load(baseUrl, request, connections, durationSec)
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
    notFound: result.statusCodeStats?.['404']?.count ?? 0,
  }
}

/** p99 latency with a single connection: the variant's latency when nothing queues. */
export async function unloadedP99(
  baseUrl: string,
  workload: Workload,
  path: string,
  conditions: BenchConditions,
  durationSec: number,
) {
  await waitUntilIdle(baseUrl)
  const result = await load(baseUrl, workload.request(path, conditions), 1, durationSec)
  return result.latency.p99
}

/**
 * The API's processes behind each URL, found in /proc once, not by a scan of the socket tables at
 * every measurement; found again if they are gone (another API on the same port since).
 */
const outsideCpu = new Map<string, ProcessCpu | null>()
function outsideCpuOf(baseUrl: string): ProcessCpu | null {
  const known = outsideCpu.get(baseUrl)
  if (known && known.seconds() !== null) return known
  const found = processCpuOf(Number(new URL(baseUrl).port))
  outsideCpu.set(baseUrl, found)
  return found
}

export async function measure(
  baseUrl: string,
  workload: LoadShape,
  path: string,
  options: RunOptions,
  conditions: BenchConditions,
  /** Wraps the measured load (not the warm-up): the queue-drain timing uses it. */
  aroundMeasuredRun: AroundRun = (run) => run(),
): Promise<Measurement> {
  const request = workload.request(path, conditions)
  await waitUntilIdle(baseUrl)
  if (options.warmupSec > 0) {
    await measuredLoad(baseUrl, request, workload, options.connections, options.warmupSec)
    await waitUntilIdle(baseUrl)
  }
  // An API of an older tree may not report its CPU time: then it is read from /proc around the run.
  const outside = outsideCpuOf(baseUrl)
  let outsideMs: number | null = null
  const loaded = await aroundMeasuredRun(async () => {
    await call(`${baseUrl}/_bench/reset`, 'POST')
    const before = outside?.seconds() ?? null
    const result = await measuredLoad(baseUrl, request, workload, options.connections, options.durationSec)
    const after = outside?.seconds() ?? null
    if (before !== null && after !== null) outsideMs = (after - before) * 1000
    return result
  })
  const stats = (await call(`${baseUrl}/_bench/stats`, 'GET')) as ServerStats
  const cpuMs = Number.isFinite(stats.cpuMs) ? stats.cpuMs : outsideMs
  return {
    ...loaded,
    eventLoopDelayMs: { p99: stats.eventLoopDelayMs.p99, max: stats.eventLoopDelayMs.max },
    cpuMsPerRequest: loaded.requests > 0 && cpuMs !== null ? cpuMs / loaded.requests : null,
    cpuPctOfCore: cpuMs === null ? 0 : (100 * cpuMs) / stats.windowMs,
    rssPeakMb: stats.rssPeakMb,
    rssGrowthMb: stats.rssPeakMb - stats.rssAtResetMb,
  }
}
