/**
 * Load on an app that serves the bench routes (BENCH_ROUTES): bursts of requests, the app's own
 * event-loop histogram around them, and the machine's idle noise to measure claims above.
 */
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { get, post, type Timed } from './http.js'

export interface EventLoopStats {
  readonly eventLoopDelayMs: { p50: number; p99: number; max: number }
}

/** Runs `work` between a reset and a read of the app's own event-loop histogram. */
export async function measureEventLoop<T>(
  baseUrl: string,
  work: () => Promise<T>,
): Promise<{ result: T; stats: EventLoopStats }> {
  await post(`${baseUrl}/_bench/reset`)
  const result = await work()
  const { body } = await get(`${baseUrl}/_bench/stats`)
  return { result, stats: body as EventLoopStats }
}

/** What this machine does with nothing to do: the noise every "stays free" claim is measured above. */
export interface Baseline {
  /** The longest loop stall over an idle window as long as the burst's latency. */
  readonly loopMaxMs: number
  /** The slowest of 3 lone /health requests. */
  readonly healthMs: number
}

export async function idleBaseline(baseUrl: string, windowMs: number): Promise<Baseline> {
  const { stats } = await measureEventLoop(baseUrl, () => sleep(windowMs))
  const health: number[] = []
  for (let i = 0; i < 3; i++) health.push((await get(`${baseUrl}/health`)).ms)
  return { loopMaxMs: stats.eventLoopDelayMs.max, healthMs: Math.max(...health) }
}

export interface Burst {
  /** From the first call to the last reply, ms. */
  readonly elapsed: number
  /** Latency of one GET /health asked while the calls were in flight, ms. */
  readonly healthMs: number
  readonly statuses: readonly number[]
  readonly bodies: readonly unknown[]
  readonly stats: EventLoopStats
  /** The same measurements with nothing running, just before the burst. */
  readonly baseline: Baseline
}

/**
 * `count` concurrent GETs (or `call`s) of `path`, plus one /health asked `probeAfterMs` later, all measured
 * against the app's own event-loop histogram: the shape of every blocking-vs-async proof.
 */
export async function burst(
  baseUrl: string,
  path: string,
  count: number,
  probeAfterMs: number,
  call: (url: string) => Promise<Timed> = get,
): Promise<Burst> {
  const baseline = await idleBaseline(baseUrl, Math.max(probeAfterMs * 2, 50))
  const { result, stats } = await measureEventLoop(baseUrl, async () => {
    const start = performance.now()
    const calls = Array.from({ length: count }, () => call(`${baseUrl}${path}`))
    await new Promise((resolve) => setTimeout(resolve, probeAfterMs))
    const health = await get(`${baseUrl}/health`)
    const replies = await Promise.all(calls)
    return { elapsed: performance.now() - start, healthMs: health.ms, replies }
  })
  return {
    elapsed: result.elapsed,
    healthMs: result.healthMs,
    statuses: result.replies.map((r) => r.status),
    bodies: result.replies.map((r) => r.body),
    stats,
    baseline,
  }
}

/**
 * Memory this process (test and in-process app) still holds while `clients` raw sockets sit on a
 * GET of `path` without reading a byte: what the server keeps per slow client. The clients hold no
 * buffers here, and a full GC before each reading (vitest runs with --expose-gc) counts what is
 * referenced, not garbage not yet collected. Counts JS heap and buffers outside it: the least of
 * five readings taken once the clients have stalled for `settleMs`.
 */
/**
 * What the process's JavaScript holds: the V8 heap and the memory outside it (Buffers, and the
 * copy of a string a socket has yet to send). Node documents `arrayBuffers` as part of `external`;
 * on Node 24.22 it is not (4 paused clients of a 10 MB string reply: arrayBuffers 120 MB, external
 * unchanged; on 20.20 external grew by as much), so the larger of the two is counted.
 */
export function jsMemoryBytes(): number {
  const { heapUsed, external, arrayBuffers } = process.memoryUsage()
  return heapUsed + Math.max(external, arrayBuffers)
}

export async function heldForStalledClients(
  baseUrl: string,
  path: string,
  clients: number,
  settleMs: number,
): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc (see vitest.config.ts)')
  const used = jsMemoryBytes
  gc()
  const before = used()
  const { hostname, port } = new URL(baseUrl)
  const sockets = Array.from({ length: clients }, () => {
    const socket = connect(Number(port), hostname)
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`)
    socket.pause()
    return socket
  })
  await sleep(settleMs)
  // The least of five readings, 100 ms apart (a measurement spacing, not a wait for a condition):
  // one reading, in one run of four with another test running beside it, gave a fixed export
  // 9.7 MB against the well under 1 MB it holds otherwise; a reading can catch what is in passage.
  const readings: number[] = []
  for (let i = 0; i < 5; i++) {
    if (i > 0) await sleep(100)
    gc()
    readings.push(used() - before)
  }
  for (const socket of sockets) socket.destroy()
  return Math.min(...readings)
}
