/**
 * An open-model load: requests leave on a schedule, evenly spaced (one every 1/rate s), whether
 * or not the server has answered the earlier ones, so two variants given the same rate get the
 * same requests. (A closed loop of N connections sends the next request only when one returns:
 * it rewards whichever variant answers fastest, and a variant that answers "later" in 1 ms gets a
 * hundred times the requests of one that does the work.)
 *
 * Why not autocannon's `overallRate`: autocannon 8 splits the rate across its connections and
 * resets each connection's allowance once a second, on timers that all start together, so the
 * whole second's requests leave in one burst at its start (https://github.com/mcollina/autocannon/issues/174,
 * open). At 300 req/s against the report queue that burst made the acceptance p50 91 ms instead
 * of a few, and let 180 jobs past an admission bound of 30 (all read the count before any was
 * added). Its coordinated-omission correction also assumes an interval of 1 ms whatever the rate
 * (https://github.com/mcollina/autocannon/pull/274).
 *
 * So the schedule is ours (undici, a connection pool large enough that the schedule, not a busy
 * connection, decides when a request leaves), and each latency is measured from the moment its
 * request was due, not from when it was sent, as wrk2 does: a server (or a generator) that falls
 * behind shows it in every later request's latency. That is the correction for coordinated
 * omission, exact rather than back-filled.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { Pool, type Dispatcher } from 'undici'

export interface LoadRequest {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly body?: string
  readonly headers?: Record<string, string>
}

export interface OpenLoadResult {
  readonly sent: number
  /** Replies by status code. */
  readonly statuses: Readonly<Record<number, number>>
  /**
   * Seconds from the first request's due time to the last reply, or the schedule's length if that
   * is longer: the time the server took to answer this load. A server that falls behind answers
   * after the schedule has ended; dividing by the schedule's length would credit it with a rate
   * it did not keep, and counting only the replies within it would not count work it did (a
   * request that takes 5 s cannot finish within a 3-s run).
   */
  readonly spanSec: number
  /** Requests with no reply: a connection error, or no reply within the timeout (counted in both). */
  readonly errors: number
  readonly timeouts: number
  /** Replies of any status per second of `spanSec`. */
  readonly repliesPerSec: number
  /** From each request's due time to its reply's end, replies only. */
  readonly latencyMs: { p50: number; p97_5: number; p99: number; max: number }
  /** Each reply as [ms from the first due time to its own, its latency in ms, its status], in sending order. */
  readonly timeline: ReadonlyArray<readonly [dueMs: number, latencyMs: number, status: number]>
  /**
   * The connection cap of this load, and how many requests found every connection busy (their wait was the
   * generator's, not the server's).
   */
  readonly maxConnections: number
  readonly waitedForConnection: number
  /** Most requests in flight at once: how many the server held, at most, plus any waiting for a connection. */
  readonly peakInFlight: number
}

export interface OpenLoadOptions {
  /** Connections the load may open (MAX_CONNECTIONS unless said). */
  readonly maxConnections?: number
}

/** Most connections a load opens: a request that finds them all busy waits, and that wait is in its latency. */
export const MAX_CONNECTIONS = 1_000
const REPLY_TIMEOUT_MS = 10_000

/**
 * A reply's body read to its end and dropped, as a client that wants it does. undici's `dump()`
 * reads 128 KiB at most and then closes the connection (a 5 MB body measured as its headers, the
 * server writing into a socket gone), and swallows a body cut short; this rejects on one.
 */
export async function readToEnd(body: Dispatcher.ResponseData['body']): Promise<void> {
  for await (const chunk of body) void chunk
}

export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

export async function openLoad(
  url: string,
  request: LoadRequest,
  rate: number,
  durationSec: number,
  options: OpenLoadOptions = {},
): Promise<OpenLoadResult> {
  if (!(rate > 0)) throw new Error(`an open load needs a positive rate, not ${rate}`)
  const maxConnections = options.maxConnections ?? MAX_CONNECTIONS
  const pool = new Pool(url, {
    connections: maxConnections,
    pipelining: 1,
    headersTimeout: REPLY_TIMEOUT_MS,
    bodyTimeout: REPLY_TIMEOUT_MS,
  })
  const total = Math.max(1, Math.round(rate * durationSec))
  const intervalMs = 1000 / rate
  const latencies: number[] = []
  const timeline: Array<[number, number, number]> = []
  const statuses: Record<number, number> = {}
  let lastReplyAt = 0
  let errors = 0
  let timeouts = 0
  let inFlight = 0
  let peakInFlight = 0
  let waitedForConnection = 0
  const pending = new Set<Promise<void>>()

  const send = (dueAt: number) => {
    if (inFlight >= maxConnections) waitedForConnection++
    peakInFlight = Math.max(peakInFlight, ++inFlight)
    const done = (async () => {
      try {
        const { statusCode, body } = await pool.request({ ...request, signal: AbortSignal.timeout(REPLY_TIMEOUT_MS) })
        await readToEnd(body)
        const now = performance.now()
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
        lastReplyAt = Math.max(lastReplyAt, now)
        latencies.push(now - dueAt)
        timeline.push([dueAt - start, now - dueAt, statusCode])
      } catch (err) {
        errors++
        if (err instanceof Error && /timeout/i.test(`${err.name} ${(err as { code?: string }).code ?? ''}`)) timeouts++
      } finally {
        inFlight--
      }
    })()
    pending.add(done)
    void done.finally(() => pending.delete(done))
  }

  const start = performance.now()
  let sent = 0
  while (sent < total) {
    // Every request due by now leaves now (timers fire late; the schedule does not slip with them).
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1)
    for (; sent < due; sent++) send(start + sent * intervalMs)
    if (sent < total) await sleep(Math.max(0, start + sent * intervalMs - performance.now()))
  }
  await Promise.all(pending)
  await pool.close()
  latencies.sort((a, b) => a - b)
  const replies = Object.values(statuses).reduce((sum, n) => sum + n, 0)
  const spanSec = Math.max(durationSec, (lastReplyAt - start) / 1000)
  return {
    sent,
    statuses,
    spanSec,
    errors,
    timeouts,
    repliesPerSec: replies / spanSec,
    latencyMs: {
      p50: percentile(latencies, 50),
      p97_5: percentile(latencies, 97.5),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
    },
    timeline: timeline.sort((a, b) => a[0] - b[0]),
    maxConnections,
    waitedForConnection,
    peakInFlight,
  }
}
