/**
 * The inside view, when the server has one: a Prometheus /metrics (ours, or any prom-client app's)
 * with Node's event-loop series. Read before a level (prom-client resets its loop-delay histogram
 * at each scrape, and our utilisation gauge covers the time since the previous scrape) and after.
 */
import { request } from 'undici'

export interface InsideView {
  /**
   * Share of the time the event loop was not waiting for events (0 to 1), over the level. A loop
   * held by a synchronous call counts as busy too (Atomics.wait, a blocking read): utilisation
   * cannot tell a sync call from CPU work; `cpuCores` can.
   */
  readonly elu: number | null
  /** CPU time the process used over the level, in cores (CPU seconds ÷ seconds). */
  readonly cpuCores: number | null
  readonly lagP99Ms: number | null
  readonly lagMaxMs: number | null
}

const SERIES = {
  cpuSeconds: 'process_cpu_seconds_total',
  elu: 'nodejs_eventloop_utilization_ratio',
  lagP99Ms: 'nodejs_eventloop_lag_p99_seconds',
  lagMaxMs: 'nodejs_eventloop_lag_max_seconds',
} as const

/** The value of an unlabelled sample `name value` in a Prometheus text exposition, or null. */
export function sampleOf(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)`, 'm').exec(text)
  const value = match ? Number(match[1]) : NaN
  return Number.isFinite(value) ? value : null
}

/** The series of those the doctor reads that a scrape holds: what its inside view rests on. */
export function seriesIn(text: string): string[] {
  return Object.values(SERIES).filter((name) => sampleOf(text, name) !== null)
}

/** The level's inside view, from the scrapes before and after it, `seconds` apart. */
export function readInside(before: string, after: string, seconds: number): InsideView {
  const ms = (v: number | null) => (v === null ? null : v * 1000)
  const [cpuBefore, cpuAfter] = [sampleOf(before, SERIES.cpuSeconds), sampleOf(after, SERIES.cpuSeconds)]
  return {
    elu: sampleOf(after, SERIES.elu),
    cpuCores: cpuBefore === null || cpuAfter === null || seconds <= 0 ? null : (cpuAfter - cpuBefore) / seconds,
    lagP99Ms: ms(sampleOf(after, SERIES.lagP99Ms)),
    lagMaxMs: ms(sampleOf(after, SERIES.lagMaxMs)),
  }
}

/**
 * The scrape's text, or null when the server serves none of the series the doctor reads there (a
 * Python app's client has the process's CPU time and no loop series; a Node app's has both).
 */
export async function scrape(url: string): Promise<string | null> {
  try {
    const { statusCode, body } = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 })
    const text = await body.text()
    return statusCode === 200 && seriesIn(text).length > 0 ? text : null
  } catch {
    return null
  }
}
