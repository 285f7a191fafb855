import type { BenchRow } from '../../bench/results-format.js'

/** A bench row of quiet, plausible figures, with what a test is about set by the caller. */
export function benchRow(
  fields: Pick<BenchRow, 'scenario' | 'variant' | 'role' | 'rps'> & Partial<BenchRow>,
): BenchRow {
  return {
    path: `/${fields.scenario}/${fields.variant}`,
    connections: 100,
    requests: fields.rps * 3,
    latencyMs: { p50: 1, p97_5: 1, p99: 1, max: 1 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    shed503: 0,
    unloadedP99Ms: null,
    eventLoopDelayMs: { p99: 5, max: 5 },
    cpuMsPerRequest: 1,
    cpuPctOfCore: 50,
    rssPeakMb: 100,
    rssGrowthMb: 1,
    ceilingRps: null,
    ceilingPct: null,
    speedup: null,
    failure: null,
    ...fields,
  }
}
