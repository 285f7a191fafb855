/**
 * Load curves (`npm run bench -- --sweep`): each variant at fixed offered rates, from light load
 * past saturation (an open model: requests are sent on a schedule, whether or not the server has
 * answered the earlier ones), giving the achieved rate and p50/p99 against the offered rate, and
 * where each variant's knee is. Plus a connection sweep (closed model, 1 → 256) for outbound-http.
 *
 * Coordinated omission is corrected here, not by autocannon: autocannon 8.0.0 corrects with an
 * expected interval of `Math.ceil(1 / rate)` = 1 ms whatever the rate (lib/run.js, since
 * https://github.com/mcollina/autocannon/pull/274), which back-fills a sample for every
 * millisecond of each latency: against a server that always takes 100 ms at 20 req/s it reported
 * p50 52 ms and min 1 ms from 8,236 samples for 80 requests. So autocannon runs with
 * `ignoreCoordinatedOmission`, and each response adds, as HdrHistogram's
 * recordValueWithExpectedInterval does, the latencies the requests that should have been sent
 * during it would have seen: L − I, L − 2I, … with I = connections ÷ offered rate, the interval
 * between one connection's scheduled sends. (Measured on a server stalling 1.5 s every 2 s at
 * 20 req/s: uncorrected p50 102 ms, corrected 536 ms, p99 1,588 ms both.)
 */
import autocannon from 'autocannon'
import type { Scenario } from '../src/scenario-kit/scenario.js'
import { variantPath } from '../src/scenario-kit/scenario.js'
import { waitUntilIdle } from './api-process.js'
import type { BenchConditions } from './workloads.js'

/** The scenarios swept by default: one per kind of bottleneck (socket, pool, CPU, queue). */
export const SWEPT_SCENARIOS = ['outbound-http', 'database', 'password-hash', 'reports'] as const
const RATES = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 4_000]
const CONNECTION_STEPS = [1, 4, 16, 64, 256]

export interface RatePoint {
  readonly offeredRps: number
  readonly achievedRps: number
  /** Corrected for coordinated omission (see above). */
  readonly p50Ms: number
  readonly p99Ms: number
  readonly errors: number
  readonly non2xx: number
}

export interface RateCurve {
  readonly scenario: string
  readonly variant: string
  readonly role: 'naive' | 'optimized'
  readonly points: readonly RatePoint[]
  /** The highest offered rate still achieved to within 10%, or null when even the lightest step was not. */
  readonly kneeRps: number | null
}

export interface ConnectionPoint {
  readonly connections: number
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
}

export interface SweepResults {
  readonly coordinatedOmission: 'corrected by the bench (expected interval = connections ÷ offered rate)'
  readonly stepSec: number
  readonly rates: readonly RateCurve[]
  readonly connections: ReadonlyArray<{ scenario: string; variant: string; role: 'naive' | 'optimized'; points: readonly ConnectionPoint[] }>
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

async function step(apiUrl: string, scenario: Scenario, path: string, conditions: BenchConditions, durationSec: number, rate: number | null, connections: number) {
  // Every request a new one: a replay (an Idempotency-Key seen before) is no work.
  const { method, path: requestPath, body, headers } = scenario.workload.request(path, conditions)
  const latencies: number[] = []
  const interval = rate ? (1000 * connections) / rate : 0
  await waitUntilIdle(apiUrl)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: apiUrl,
        connections,
        duration: durationSec,
        timeout: 10,
        ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
        requests: [{ method, path: requestPath, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) }],
      },
      (err, done) => (err ? reject(err as Error) : resolve(done)),
    )
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms)
      if (interval > 0) for (let missed = ms - interval; missed > 0; missed -= interval) latencies.push(missed)
    })
  })
  latencies.sort((a, b) => a - b)
  return { rps: result.requests.average, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors: result.errors, non2xx: result.non2xx }
}

/**
 * The highest offered rate the variant still achieves (to within 10%): past it, requests arrive
 * faster than they leave and the backlog grows for as long as the load lasts. The p99 at the
 * knee says what keeping up costs (a blocked loop keeps up at 20 req/s with a p99 of seconds).
 */
function knee(points: readonly RatePoint[]): number | null {
  let last: number | null = null
  for (const p of points) {
    if (p.achievedRps < 0.9 * p.offeredRps) break
    last = p.offeredRps
  }
  return last
}

export async function runSweep(apiUrl: string, scenarios: readonly Scenario[], conditionsOf: (s: Scenario) => BenchConditions, stepSec: number, log: (line: string) => void): Promise<SweepResults> {
  const rates: RateCurve[] = []
  for (const scenario of scenarios) {
    for (const variant of scenario.variants) {
      const path = variantPath(scenario, variant.name)
      const points: RatePoint[] = []
      let saturated = 0
      for (const offered of RATES.filter((r) => r <= (scenario.workload.maxSweepRps ?? Infinity))) {
        // Enough connections that the schedule, not a busy connection, decides when a request
        // leaves: 4,000 req/s at 100 ms needs 400. Never more than the rate (a connection with a
        // rate of 0 has no limit in autocannon).
        const m = await step(apiUrl, scenario, path, conditionsOf(scenario), stepSec, offered, Math.min(offered, 400))
        points.push({ offeredRps: offered, achievedRps: m.rps, p50Ms: m.p50Ms, p99Ms: m.p99Ms, errors: m.errors, non2xx: m.non2xx })
        log(`sweep ${scenario.name}/${variant.name} at ${offered} req/s offered: ${Math.round(m.rps)} achieved, p99 ${Math.round(m.p99Ms)} ms`)
        // Two steps past saturation show the shape; more would only queue for minutes.
        saturated = m.rps < 0.8 * offered || m.p99Ms > 10_000 ? saturated + 1 : 0
        if (saturated >= 2) break
      }
      rates.push({ scenario: scenario.name, variant: variant.name, role: variant.role, points, kneeRps: knee(points) })
    }
  }
  const connections: SweepResults['connections'][number][] = []
  for (const scenario of scenarios.filter((s) => s.name === 'outbound-http')) {
    for (const variant of scenario.variants) {
      const points: ConnectionPoint[] = []
      for (const count of CONNECTION_STEPS) {
        const m = await step(apiUrl, scenario, variantPath(scenario, variant.name), conditionsOf(scenario), stepSec, null, count)
        points.push({ connections: count, rps: m.rps, p50Ms: m.p50Ms, p99Ms: m.p99Ms })
        log(`sweep ${scenario.name}/${variant.name} at ${count} connections: ${Math.round(m.rps)} req/s, p99 ${Math.round(m.p99Ms)} ms`)
      }
      connections.push({ scenario: scenario.name, variant: variant.name, role: variant.role, points })
    }
  }
  return { coordinatedOmission: 'corrected by the bench (expected interval = connections ÷ offered rate)', stepSec, rates, connections }
}
