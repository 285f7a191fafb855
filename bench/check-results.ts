/**
 * The bench's own verdict, used by the runner and by CI: every variant of every enabled scenario
 * has a row, no run failed, and no optimised variant had an error. (Errors of a naive variant are
 * part of its lesson and only reported.) A full run must also meet every workload target; a quick
 * run only reports them (3 s is too short to judge a % of ceiling fairly).
 * CLI: `npm run bench:check [-- path/to/results.json]`, with the runner's exit codes (EXIT).
 */
import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import type { Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import { scenarios } from '../src/exhibits/scenarios/index.js'
import type { BenchResults, BenchRow, TargetCheck } from './results-format.js'
import { VOLUME_SCENARIOS } from './volume.js'
import { spanText } from './stats.js'

/**
 * What the runner and bench:check exit with. 1 stays Node's own (a crash), so a script can tell
 * "the bench broke" from "the bench found something" from "the bench could not tell".
 */
export const EXIT = {
  /** Every row present, no run failed, every judged target met. */
  allMet: 0,
  /** A row missing, a run failed, an error on a fixed variant, or a target missed. */
  problems: 2,
  /** Nothing wrong, but a target's interval still straddled its threshold when its rounds ran out. */
  undecided: 3,
} as const

export function exitCodeOf(problems: readonly string[], undecided: readonly string[]): number {
  if (problems.length > 0) return EXIT.problems
  return undecided.length > 0 ? EXIT.undecided : EXIT.allMet
}

const interval = (t: TargetCheck) => (t.rounds > 1 ? ` [${spanText(t, 1)}]` : '')

/** The targets of a full run that ended undecided, each with why, and the machine's noise. */
export function undecidedIn({ meta, targets }: BenchResults): string[] {
  if (meta.quick) return []
  const noise = meta.noise ? `; this machine's run-to-run spread ${meta.noise.spreadPct.toFixed(0)}%` : ''
  return targets
    .filter((t) => t.outcome === 'undecided')
    .map(
      (t) =>
        `${t.scenario}/${t.variant}: ${t.claim} ${t.measured.toFixed(2)}${interval(t)}, target ${t.threshold}: ${t.reason ?? 'undecided'}${noise}`,
    )
}

/** Every claim the bench makes is of a quantity that cannot be negative, and a % of ceiling cannot pass 100. */
export function intervalOutOfRange({ claim, low, measured, high }: TargetCheck): string | null {
  if (!(low <= measured && measured <= high)) return `interval [${low}–${high}] does not hold its estimate ${measured}`
  if (low < 0) return `interval [${low}–${high}] below zero`
  if (claim === '% of ceiling' && high > 100) return `interval [${low}–${high}] past the ceiling`
  return null
}

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
  for (const t of targets) {
    const outOfRange = intervalOutOfRange(t)
    if (outOfRange) problems.push(`${t.scenario}/${t.variant}: ${t.claim}: ${outOfRange}`)
  }
  if (!meta.quick) {
    // Results written before outcomes existed carry `met` alone.
    for (const t of targets.filter((check) => (check.outcome ?? (check.met ? 'met' : 'missed')) === 'missed')) {
      problems.push(
        `${t.scenario}/${t.variant}: ${t.claim} ${t.measured.toFixed(2)}${interval(t)}, target ${t.threshold}: missed`,
      )
    }
  }
  for (const scenario of selected) {
    for (const variant of scenario.variants) {
      const row = rows.find((r) => r.scenario === scenario.name && r.variant === variant.name)
      if (!row) problems.push(`${scenario.name}/${variant.name}: no row`)
      else if (row.failure) problems.push(`${scenario.name}/${variant.name}: run failed: ${row.failure}`)
      else if (row.requests === 0) {
        // What the window saw instead, so that a run that cannot be repeated still says why.
        const seen = `${row.errors} errors, ${row.timeouts} timeouts, event-loop delay max ${row.eventLoopDelayMs.max.toFixed(0)} ms`
        problems.push(`${scenario.name}/${variant.name}: no request completed (${seen})`)
      } else if (row.role === 'optimized' && row.errors + row.non2xx - shedOnPurpose(scenario, row) > 0) {
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
  const undecided = undecidedIn(results)
  if (problems.length > 0) console.error(`bench results in ${file} are incomplete:\n  ${problems.join('\n  ')}`)
  if (undecided.length > 0) console.error(`bench results in ${file}, undecided:\n  ${undecided.join('\n  ')}`)
  if (problems.length + undecided.length === 0)
    console.log(
      `bench results in ${file}: ${results.rows.length} rows, all present, no failed run, every judged target met`,
    )
  process.exitCode = exitCodeOf(problems, undecided)
}
