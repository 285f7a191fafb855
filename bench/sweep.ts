/**
 * Load curves (`npm run bench -- --sweep`): each variant at fixed offered rates, from light load
 * past saturation (an open model: requests are sent on a schedule, whether or not the server has
 * answered the earlier ones), giving the achieved rate and p50/p99 against the offered rate, and
 * where each variant's knee is. Plus a connection sweep (closed model, 1 → 256) for outbound-http.
 *
 * On the open model, latency runs from each request's due time (bench/open-load.ts), which
 * corrects for coordinated omission.
 */
import type { Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import { variantPath } from '../src/exhibits/scenario-kit/scenario.js'
import { waitUntilIdle } from './api-process.js'
import autocannon from 'autocannon'
import { openLoad } from './open-load.js'
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
  readonly coordinatedOmission: 'measured from each request’s due time (evenly spaced sends, as wrk2 does)'
  readonly stepSec: number
  readonly rates: readonly RateCurve[]
  readonly connections: ReadonlyArray<{
    scenario: string
    variant: string
    role: 'naive' | 'optimized'
    points: readonly ConnectionPoint[]
  }>
}

/** One step: `rate` req/s on the open model, or (rate null) a closed loop of `connections`. */
async function step(
  apiUrl: string,
  scenario: Scenario,
  path: string,
  conditions: BenchConditions,
  durationSec: number,
  rate: number | null,
  connections: number,
) {
  // Every request a new one: a replay (an Idempotency-Key seen before) is no work.
  const { method, path: requestPath, body, headers } = scenario.workload.request(path, conditions)
  const request = {
    method,
    path: requestPath,
    ...(body === undefined ? {} : { body }),
    ...(headers ? { headers } : {}),
  }
  await waitUntilIdle(apiUrl)
  if (rate !== null) {
    const m = await openLoad(apiUrl, request, rate, durationSec)
    const non2xx = Object.entries(m.statuses).reduce((sum, [status, n]) => (Number(status) >= 300 ? sum + n : sum), 0)
    const ok = Object.entries(m.statuses).reduce((sum, [status, n]) => (Number(status) < 300 ? sum + n : sum), 0)
    // Achieved: what was served, 2xx only (a refusal keeps the schedule, it does not serve it).
    return { rps: ok / m.spanSec, p50Ms: m.latencyMs.p50, p99Ms: m.latencyMs.p99, errors: m.errors, non2xx }
  }
  const result = await autocannon({ url: apiUrl, connections, duration: durationSec, timeout: 10, requests: [request] })
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  }
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

export async function runSweep(
  apiUrl: string,
  scenarios: readonly Scenario[],
  conditionsOf: (s: Scenario) => BenchConditions,
  stepSec: number,
  log: (line: string) => void,
): Promise<SweepResults> {
  const rates: RateCurve[] = []
  for (const scenario of scenarios) {
    for (const variant of scenario.variants) {
      const path = variantPath(scenario, variant.name)
      const points: RatePoint[] = []
      let saturated = 0
      for (const offered of RATES.filter((r) => r <= (scenario.workload.maxSweepRps ?? Infinity))) {
        const m = await step(apiUrl, scenario, path, conditionsOf(scenario), stepSec, offered, 0)
        points.push({
          offeredRps: offered,
          achievedRps: m.rps,
          p50Ms: m.p50Ms,
          p99Ms: m.p99Ms,
          errors: m.errors,
          non2xx: m.non2xx,
        })
        log(
          `sweep ${scenario.name}/${variant.name} at ${offered} req/s offered: ${Math.round(m.rps)} achieved, p99 ${Math.round(m.p99Ms)} ms`,
        )
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
        const m = await step(
          apiUrl,
          scenario,
          variantPath(scenario, variant.name),
          conditionsOf(scenario),
          stepSec,
          null,
          count,
        )
        points.push({ connections: count, rps: m.rps, p50Ms: m.p50Ms, p99Ms: m.p99Ms })
        log(
          `sweep ${scenario.name}/${variant.name} at ${count} connections: ${Math.round(m.rps)} req/s, p99 ${Math.round(m.p99Ms)} ms`,
        )
      }
      connections.push({ scenario: scenario.name, variant: variant.name, role: variant.role, points })
    }
  }
  return {
    coordinatedOmission: 'measured from each request’s due time (evenly spaced sends, as wrk2 does)',
    stepSec,
    rates,
    connections,
  }
}
