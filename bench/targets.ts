/**
 * Checks each workload's targets against the rounds of a run. Every claim is measured per round
 * and judged on its 95% interval (bench/stats.ts): met when the interval's conservative end
 * clears the threshold, missed when the whole interval is on the wrong side, undecided while it
 * straddles it (bench/decide.ts gives such a scenario more rounds). A full run must meet them; a
 * quick run (one short round) only reports them.
 */
import type { Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import type { BenchMeta, BenchRow, TargetCheck, TargetOutcome } from './results-format.js'
import { boundedInterval, positiveInterval, ratioInterval, type Interval } from './stats.js'

/** Where an interval stands against a threshold: the one place that says what "met" means. */
export function outcomeOf(interval: Interval, threshold: number, atMost: boolean): TargetOutcome {
  const [near, far] = atMost ? [interval.high, interval.low] : [interval.low, interval.high]
  const clears = (v: number) => (atMost ? v <= threshold : v >= threshold)
  if (clears(near)) return 'met'
  return clears(far) ? 'undecided' : 'missed'
}

/** One measured claim against its threshold. */
export function targetCheck(
  scenario: string,
  variant: string,
  claim: TargetCheck['claim'],
  interval: Interval,
  threshold: number,
  atMost: boolean,
  extra: { versus?: string; notJudged?: string } = {},
): TargetCheck {
  const outcome = extra.notJudged ? 'not judged' : outcomeOf(interval, threshold, atMost)
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
    outcome,
    met: outcome === 'met',
    ...(extra.notJudged ? { reason: extra.notJudged } : {}),
    ...(extra.versus ? { versus: extra.versus } : {}),
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

/** The interval of `pick(variant) ÷ pick(versus)` over the rounds both ran; none paired: 0. */
function pairedRatio(
  rounds: Map<number, BenchRow>,
  versus: Map<number, BenchRow>,
  pick: (row: BenchRow) => number | null | undefined,
): Interval {
  const paired = [...rounds.keys()].filter((r) => {
    const other = versus.get(r)
    return other !== undefined && (pick(other) ?? 0) > 0
  })
  return paired.length > 0
    ? ratioInterval(
        paired.map((r) => pick(rounds.get(r)!) ?? 0),
        paired.map((r) => pick(versus.get(r)!)!),
      )
    : single(0)
}

export function checkTargets(
  runs: readonly BenchRow[],
  meta: Pick<BenchMeta, 'upstreamDelayMs' | 'cpuCount'>,
  scenarios: readonly Scenario[],
): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const { name: scenario, workload, variants } of scenarios) {
    for (const target of workload.targets ?? []) {
      const rounds = byRound(runs, scenario, target.variant)
      if (rounds.size === 0) continue
      const rows = [...rounds.values()]
      const versusName = target.versus ?? variants[0]!.name
      const versus = byRound(runs, scenario, versusName)
      const notJudged =
        target.needsCores !== undefined && meta.cpuCount < target.needsCores
          ? `needs ${target.needsCores} cores (the API, the load generator and the database each one); this machine has ${meta.cpuCount}: measured, not judged`
          : undefined
      const check = (
        claim: TargetCheck['claim'],
        interval: Interval,
        threshold: number,
        atMost = false,
        ratio = false,
      ) =>
        checks.push(
          targetCheck(scenario, target.variant, claim, interval, threshold, atMost, {
            ...(ratio ? { versus: versusName } : {}),
            ...(notJudged ? { notJudged } : {}),
          }),
        )
      if (target.minSpeedup !== undefined)
        check(
          `speed-up vs ${versusName}`,
          pairedRatio(rounds, versus, (r) => r.rps),
          target.minSpeedup,
          false,
          true,
        )
      if (target.maxCpuRatio !== undefined)
        check(
          `CPU ms per request ÷ ${versusName}`,
          pairedRatio(rounds, versus, (r) => r.cpuMsPerRequest),
          target.maxCpuRatio,
          true,
          true,
        )
      if (target.maxLoopDelayRatio !== undefined)
        check(
          `loop delay p99 ÷ ${versusName}`,
          pairedRatio(rounds, versus, (r) => r.eventLoopDelayMs.p99),
          target.maxLoopDelayRatio,
          true,
          true,
        )
      if (target.minCeilingPct !== undefined)
        check(
          '% of ceiling',
          boundedInterval(
            rows.map((r) => r.ceilingPct ?? 0),
            100,
          ),
          target.minCeilingPct,
        )
      const p50InDelays = positiveInterval(
        rows.map((r) => r.latencyMs.p50 / (workload.upstreamDelayMs ?? meta.upstreamDelayMs)),
      )
      if (target.maxP50InDelays !== undefined) check('p50 in upstream delays', p50InDelays, target.maxP50InDelays, true)
      if (target.minP50InDelays !== undefined) check('p50 in upstream delays', p50InDelays, target.minP50InDelays)
      if (target.maxP99Ms !== undefined)
        check('p99 ms', positiveInterval(rows.map((r) => r.latencyMs.p99)), target.maxP99Ms, true)
      if (target.maxLoopDelayP99Ms !== undefined)
        check(
          'loop delay p99 ms',
          positiveInterval(rows.map((r) => r.eventLoopDelayMs.p99)),
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
        check('p99 ÷ unloaded p99', positiveInterval(ratios), target.maxP99VsUnloaded, true)
      }
    }
  }
  return checks
}
