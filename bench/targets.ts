/**
 * Checks each workload's targets against the rows of a run. A full run must meet them; a quick
 * run (3 s per variant) reports them but is too short to judge a % of ceiling fairly.
 */
import type { BenchRow, TargetCheck } from './results-format.js'
import { workloads } from './workloads/index.js'

export function checkTargets(rows: readonly BenchRow[]): TargetCheck[] {
  const checks: TargetCheck[] = []
  for (const [scenario, workload] of Object.entries(workloads)) {
    for (const target of workload.targets ?? []) {
      const row = rows.find((r) => r.scenario === scenario && r.variant === target.variant)
      if (!row) continue
      if (target.minSpeedup !== undefined) {
        const measured = row.speedup ?? 0
        checks.push({ scenario, variant: target.variant, claim: 'speed-up vs baseline', threshold: target.minSpeedup, measured, met: measured >= target.minSpeedup })
      }
      if (target.minCeilingPct !== undefined) {
        const measured = row.ceilingPct ?? 0
        checks.push({ scenario, variant: target.variant, claim: '% of ceiling', threshold: target.minCeilingPct, measured, met: measured >= target.minCeilingPct })
      }
    }
  }
  return checks
}
