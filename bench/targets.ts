/**
 * Checks each workload's targets against the rounds of a run. Every claim is measured per round
 * and judged on its 95% interval (bench/stats.ts): met only when the interval's conservative end
 * clears the threshold, so one lucky or unlucky round cannot flip a verdict. A full run must meet
 * them; a quick run (one short round) only reports them.
 */
import type { Scenario } from '../src/scenario-kit/scenario.js'
import type { BenchMeta, BenchRow, TargetCheck } from './results-format.js'
import { conservativeEnd, meanInterval, ratioInterval, type Interval } from './stats.js'

/** One measured claim against its threshold: the one place that says what "met" means. */
export function targetCheck(
  scenario: string,
  variant: string,
  claim: TargetCheck['claim'],
  interval: Interval,
  threshold: number,
  atMost: boolean,
): TargetCheck {
  const end = conservativeEnd(interval, atMost)
  return {
    scenario,
    variant,
    claim,
    atMost,
    threshold,
    measured: interval.estimate,
    low: interval.low,
    high: interval.high,
    rounds: interval.n,
    met: atMost ? end <= threshold : end >= threshold,
  }
}

/** A single measurement as a degenerate interval. */
export const single = (value: number): Interval => ({ estimate: value, low: value, high: value, n: 1 })

/** The rows of `variant` by round, failed rounds left out. */
function byRound(runs: readonly BenchRow[], scenario: string, variant: string): Map<number, BenchRow> {
  return new Map(
    runs
      .filter((r) => r.scenario === scenario && r.variant === variant && r.failure === null)
      .map((r) => [r.round ?? 1, r]),
  )
}

export function checkTargets(
  runs: readonly BenchRow[],
  meta: Pick<BenchMeta, 'upstreamDelayMs'>,
  scenarios: readonly Scenario[],
): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const { name: scenario, workload, variants } of scenarios) {
    for (const target of workload.targets ?? []) {
      const rounds = byRound(runs, scenario, target.variant)
      if (rounds.size === 0) continue
      const rows = [...rounds.values()]
      const check = (claim: TargetCheck['claim'], interval: Interval, threshold: number, atMost = false) =>
        checks.push(targetCheck(scenario, target.variant, claim, interval, threshold, atMost))
      if (target.minSpeedup !== undefined) {
        const versusName = target.versus ?? variants[0]!.name
        const versus = byRound(runs, scenario, versusName)
        const paired = [...rounds.keys()].filter((r) => (versus.get(r)?.rps ?? 0) > 0)
        const interval =
          paired.length > 0
            ? ratioInterval(
                paired.map((r) => rounds.get(r)!.rps),
                paired.map((r) => versus.get(r)!.rps),
              )
            : single(0)
        check(`speed-up vs ${versusName}`, interval, target.minSpeedup)
      }
      if (target.minCeilingPct !== undefined)
        check('% of ceiling', meanInterval(rows.map((r) => r.ceilingPct ?? 0)), target.minCeilingPct)
      const p50InDelays = meanInterval(
        rows.map((r) => r.latencyMs.p50 / (workload.upstreamDelayMs ?? meta.upstreamDelayMs)),
      )
      if (target.maxP50InDelays !== undefined) check('p50 in upstream delays', p50InDelays, target.maxP50InDelays, true)
      if (target.minP50InDelays !== undefined) check('p50 in upstream delays', p50InDelays, target.minP50InDelays)
      if (target.maxP99Ms !== undefined)
        check('p99 ms', meanInterval(rows.map((r) => r.latencyMs.p99)), target.maxP99Ms, true)
      if (target.maxLoopDelayP99Ms !== undefined)
        check(
          'loop delay p99 ms',
          meanInterval(rows.map((r) => r.eventLoopDelayMs.p99)),
          target.maxLoopDelayP99Ms,
          true,
        )
      if (target.maxCounterAfterRun !== undefined && workload.counterAfterRun) {
        // A count, not a noisy figure: the largest of the rounds is the one judged.
        check(
          `${workload.counterAfterRun.name} added by the run`,
          single(Math.max(...rows.map((r) => r.counter?.added ?? Infinity))),
          target.maxCounterAfterRun,
          true,
        )
      }
      if (target.maxP99VsUnloaded !== undefined) {
        const ratios = rows.map((r) => (r.unloadedP99Ms ? r.latencyMs.p99 / r.unloadedP99Ms : Infinity))
        check('p99 ÷ unloaded p99', meanInterval(ratios), target.maxP99VsUnloaded, true)
      }
    }
  }
  return checks
}
