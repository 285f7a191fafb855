/**
 * A closed loop: `connections` clients, each sending its next request as soon as the last one is
 * answered, for `durationSec`. Throughput and latency against concurrency is the doctor's first
 * view of a route: a route that scales serves `connections ÷ latency`; one held by a lock serves
 * the same whatever the concurrency.
 */
import { Pool } from 'undici'
import { percentile, readToEnd, type LoadRequest } from '../open-load.js'

export interface ClosedLoadResult {
  readonly connections: number
  /** Replies of any status per second. */
  readonly rps: number
  readonly replies: number
  readonly statuses: Readonly<Record<number, number>>
  /** Requests that got no reply: a connection error or a timeout. */
  readonly errors: number
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number }
  /** The 2xx replies' alone: a route that sheds answers its 503s in no time. */
  readonly okLatencyMs: { readonly p50: number; readonly p99: number }
  /** The load generator's own event-loop utilisation: near 1, it, not the server, set the pace. */
  readonly generatorElu: number
}

const REPLY_TIMEOUT_MS = 10_000

export async function closedLoad(
  origin: string,
  request: LoadRequest,
  connections: number,
  durationSec: number,
): Promise<ClosedLoadResult> {
  const pool = new Pool(origin, {
    connections,
    pipelining: 1,
    headersTimeout: REPLY_TIMEOUT_MS,
    bodyTimeout: REPLY_TIMEOUT_MS,
  })
  const latencies: number[] = []
  const okLatencies: number[] = []
  const statuses: Record<number, number> = {}
  let errors = 0
  const elu = performance.eventLoopUtilization()
  const started = performance.now()
  const deadline = started + durationSec * 1000
  const client = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now()
      try {
        const { statusCode, body } = await pool.request({ ...request, signal: AbortSignal.timeout(REPLY_TIMEOUT_MS) })
        await readToEnd(body)
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
        latencies.push(performance.now() - sent)
        if (statusCode < 300) okLatencies.push(performance.now() - sent)
      } catch {
        errors++
      }
    }
  }
  await Promise.all(Array.from({ length: connections }, client))
  const elapsedSec = (performance.now() - started) / 1000
  const generatorElu = performance.eventLoopUtilization(elu).utilization
  await pool.close()
  latencies.sort((a, b) => a - b)
  okLatencies.sort((a, b) => a - b)
  return {
    connections,
    rps: latencies.length / elapsedSec,
    replies: latencies.length,
    statuses,
    errors,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    okLatencyMs: { p50: percentile(okLatencies, 50), p99: percentile(okLatencies, 99) },
    generatorElu,
  }
}
