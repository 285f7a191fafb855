/**
 * Checks each workload's targets against the rows of a run. A full run must meet them; a quick
 * run (3 s per variant) reports them but is too short to judge them fairly.
 */
import type { BenchMeta, BenchRow, TargetCheck } from './results-format.js'
import type { Scenario } from '../src/scenario-kit/scenario.js'

/** One measured claim against its threshold: the one place that says what "met" means. */
export function targetCheck(
  scenario: string,
  variant: string,
  claim: TargetCheck['claim'],
  measured: number,
  threshold: number,
  atMost: boolean,
): TargetCheck {
  return { scenario, variant, claim, atMost, threshold, measured, met: atMost ? measured <= threshold : measured >= threshold }
}

export function checkTargets(rows: readonly BenchRow[], meta: Pick<BenchMeta, 'upstreamDelayMs'>, scenarios: readonly Scenario[]): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const { name: scenario, workload } of scenarios) {
    const ofScenario = rows.filter((r) => r.scenario === scenario && r.failure === null)
    for (const target of workload.targets ?? []) {
      const row = ofScenario.find((r) => r.variant === target.variant)
      if (!row) continue
      const check = (claim: TargetCheck['claim'], measured: number, threshold: number, atMost = false) =>
        checks.push(targetCheck(scenario, target.variant, claim, measured, threshold, atMost))
      if (target.minSpeedup !== undefined) {
        const versus = target.versus ? ofScenario.find((r) => r.variant === target.versus) : ofScenario[0]
        const claim = `speed-up vs ${versus?.variant ?? 'baseline'}` as const
        check(claim, versus && versus.rps > 0 ? row.rps / versus.rps : 0, target.minSpeedup)
      }
      if (target.minCeilingPct !== undefined) check('% of ceiling', row.ceilingPct ?? 0, target.minCeilingPct)
      const p50InDelays = row.latencyMs.p50 / (workload.upstreamDelayMs ?? meta.upstreamDelayMs)
      if (target.maxP50InDelays !== undefined) check('p50 in upstream delays', p50InDelays, target.maxP50InDelays, true)
      if (target.minP50InDelays !== undefined) check('p50 in upstream delays', p50InDelays, target.minP50InDelays)
      if (target.maxP99Ms !== undefined) check('p99 ms', row.latencyMs.p99, target.maxP99Ms, true)
      if (target.maxP99VsUnloaded !== undefined) {
        const ratio = row.unloadedP99Ms ? row.latencyMs.p99 / row.unloadedP99Ms : Infinity
        check('p99 ÷ unloaded p99', ratio, target.maxP99VsUnloaded, true)
      }
    }
  }
  return checks
}
