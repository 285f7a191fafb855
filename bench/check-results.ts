/**
 * The bench's own verdict, used by the runner and by CI: every variant of every enabled scenario
 * has a row, no run failed, and no optimised variant had an error. (Errors of a naive variant are
 * part of its lesson and only reported.) A full run must also meet every workload target; a quick
 * run only reports them (3 s is too short to judge a % of ceiling fairly).
 * CLI: `npm run bench:check [-- path/to/results.json]`.
 */
import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import type { Scenario } from '../src/scenario-kit/scenario.js'
import { scenarios } from '../src/scenarios/index.js'
import type { BenchResults, BenchRow } from './results-format.js'
import { VOLUME_SCENARIOS } from './volume.js'

/** 503s of a variant whose lesson is shedding load (its workload's `shedsLoad`). */
function shedOnPurpose(scenario: Scenario, row: BenchRow): number {
  return scenario.workload.shedsLoad?.includes(row.variant) ? row.shed503 : 0
}

/** What is wrong with a run of `selected` (the registry's scenarios, or those a run chose). */
export function problemsIn(
  { meta, rows, targets, volume, queueDrain, queueStudy }: BenchResults,
  selected: readonly Scenario[],
): string[] {
  const problems: string[] = []
  const scenarioNames = selected.map((s) => s.name)
  if (scenarioNames.includes('reports') && !meta.exercise) {
    if (!queueDrain) problems.push('report queue drain: missing')
    else if (queueDrain.deadLettered > 0)
      problems.push(`report queue drain: ${queueDrain.deadLettered} jobs dead-lettered`)
    if (!queueStudy) problems.push('queue study (admission bound, scale-out): missing')
    else if (queueStudy.admission.lost !== 0)
      problems.push(`queue study: ${queueStudy.admission.lost} accepted jobs neither completed nor dead-lettered`)
  }
  if (!volume && VOLUME_SCENARIOS.every((name) => scenarioNames.includes(name))) problems.push('volume study: missing')
  if (!meta.quick) {
    for (const t of targets.filter((check) => !check.met)) {
      const interval = t.rounds > 1 ? ` [${t.low.toFixed(1)}–${t.high.toFixed(1)}]` : ''
      problems.push(`${t.scenario}/${t.variant}: ${t.claim} ${t.measured.toFixed(1)}${interval}, target ${t.threshold}`)
    }
  }
  for (const scenario of selected) {
    for (const variant of scenario.variants) {
      const row = rows.find((r) => r.scenario === scenario.name && r.variant === variant.name)
      if (!row) problems.push(`${scenario.name}/${variant.name}: no row`)
      else if (row.failure) problems.push(`${scenario.name}/${variant.name}: run failed: ${row.failure}`)
      else if (row.requests === 0) problems.push(`${scenario.name}/${variant.name}: no request completed`)
      else if (row.role === 'optimized' && row.errors + row.non2xx - shedOnPurpose(scenario, row) > 0) {
        problems.push(`${scenario.name}/${variant.name}: ${row.errors} errors, ${row.non2xx} non-2xx`)
      }
    }
  }
  return problems
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2] ?? 'bench/results/latest.json'
  const results = JSON.parse(await readFile(file, 'utf8')) as BenchResults
  const problems = problemsIn(results, scenarios)
  if (problems.length > 0) {
    console.error(`bench results in ${file} are incomplete:\n  ${problems.join('\n  ')}`)
    process.exitCode = 1
  } else {
    console.log(`bench results in ${file}: ${results.rows.length} rows, all present, no failed run`)
  }
}
