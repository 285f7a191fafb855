/**
 * From the rounds of a run to one row per variant: the median of each figure over its rounds
 * (a median, so one disturbed round moves nothing), with the spread of req/s and p99 and the
 * speed-up against the scenario's baseline as a 95% interval over paired rounds.
 */
import type { BenchRow } from './results-format.js'
import { median, ratioInterval } from './stats.js'

const medianOf = (rows: readonly BenchRow[], pick: (r: BenchRow) => number) => median(rows.map(pick))

/** `runs` in the order measured; the first variant of each scenario is its baseline. */
export function summariseRounds(runs: readonly BenchRow[]): BenchRow[] {
  const keys = [...new Map(runs.map((r) => [`${r.scenario}\u0000${r.variant}`, r])).values()]
  const baselines = new Map<string, BenchRow[]>()
  return keys.map((first) => {
    const all = runs.filter((r) => r.scenario === first.scenario && r.variant === first.variant)
    const ok = all.filter((r) => r.failure === null)
    // A summary belongs to no round (undefined keys are left out of the JSON).
    const shape: BenchRow = { ...first, round: undefined }
    // The first variant is the baseline even when every round of it failed: then no speed-up, not 1×.
    if (!baselines.has(first.scenario)) baselines.set(first.scenario, ok)
    if (ok.length === 0) return { ...shape, failure: all.at(-1)!.failure }
    const baseline = baselines.get(first.scenario)!
    const paired = ok.filter((r) => baseline.some((b) => b.round === r.round && b.rps > 0))
    const speedup =
      baseline === ok || paired.length === 0
        ? null
        : ratioInterval(
            paired.map((r) => r.rps),
            paired.map((r) => baseline.find((b) => b.round === r.round)!.rps),
          )
    const unloaded = ok.map((r) => r.unloadedP99Ms).filter((v): v is number => v !== null)
    const ceilingPcts = ok.map((r) => r.ceilingPct).filter((v): v is number => v !== null)
    const present = (pick: (r: BenchRow) => number | null | undefined) => {
      const values = ok.map(pick).filter((v): v is number => typeof v === 'number')
      return values.length > 0 ? median(values) : null
    }
    return {
      ...shape,
      rps: medianOf(ok, (r) => r.rps),
      requests: ok.reduce((sum, r) => sum + r.requests, 0),
      latencyMs: {
        p50: medianOf(ok, (r) => r.latencyMs.p50),
        p97_5: medianOf(ok, (r) => r.latencyMs.p97_5),
        p99: medianOf(ok, (r) => r.latencyMs.p99),
        max: Math.max(...ok.map((r) => r.latencyMs.max)),
      },
      errors: ok.reduce((sum, r) => sum + r.errors, 0),
      timeouts: ok.reduce((sum, r) => sum + r.timeouts, 0),
      non2xx: ok.reduce((sum, r) => sum + r.non2xx, 0),
      shed503: ok.reduce((sum, r) => sum + r.shed503, 0),
      counter: first.counter
        ? { name: first.counter.name, added: ok.reduce((sum, r) => sum + (r.counter?.added ?? 0), 0) }
        : null,
      unloadedP99Ms: unloaded.length > 0 ? median(unloaded) : null,
      eventLoopDelayMs: {
        p99: medianOf(ok, (r) => r.eventLoopDelayMs.p99),
        max: medianOf(ok, (r) => r.eventLoopDelayMs.max),
      },
      cpuMsPerRequest: present((r) => r.cpuMsPerRequest),
      cpuPctOfCore: present((r) => r.cpuPctOfCore),
      rssPeakMb: medianOf(ok, (r) => r.rssPeakMb),
      rssGrowthMb: medianOf(ok, (r) => r.rssGrowthMb),
      ceilingPct: ceilingPcts.length > 0 ? median(ceilingPcts) : null,
      speedup: speedup ? speedup.estimate : baseline === ok ? 1 : null,
      // A failed round is reported, not hidden: the row keeps the last failure's message.
      failure:
        ok.length === all.length
          ? null
          : `${all.length - ok.length} of ${all.length} rounds failed: ${all.find((r) => r.failure)!.failure}`,
      spread: {
        rounds: ok.length,
        rps: { min: Math.min(...ok.map((r) => r.rps)), max: Math.max(...ok.map((r) => r.rps)) },
        p99Ms: { min: Math.min(...ok.map((r) => r.latencyMs.p99)), max: Math.max(...ok.map((r) => r.latencyMs.p99)) },
        speedup: speedup && { estimate: speedup.estimate, low: speedup.low, high: speedup.high },
      },
    }
  })
}
