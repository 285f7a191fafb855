/**
 * The verdict of `npm run verify`, from what its two checks gave: the claim tests (run with the
 * exercise in the model answer's place) and the quick bench of the three variants. Pure, so that
 * the wording and the rule are tested without running anything.
 */
import type { BenchResults, BenchRow } from '../bench/results-format.js'
import { EXERCISE, type Scenario } from '../src/exhibits/scenario-kit/scenario.js'

export interface ClaimResult {
  readonly title: string
  readonly passed: boolean
  /** The first line of the failure, when it failed. */
  readonly why: string
}

/**
 * Where the model answer serves at least this many times the mistake's req/s, the exercise must be
 * nearer the model answer than the mistake (above their geometric mean). Where the two are closer,
 * or the fix is slower on purpose (awaiting the insert the mistake forgets), the claims decide alone.
 */
export const RATE_RULE_FROM = 2

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')

function figures(row: BenchRow): string {
  const problems = row.errors + row.non2xx
  return `${n0(row.rps)} req/s, p99 ${n0(row.latencyMs.p99)} ms, loop delay max ${n0(row.eventLoopDelayMs.max)} ms${problems ? `, ${n0(problems)} errors/non-2xx` : ''}`
}

export function judgeExercise(
  scenario: Scenario,
  claims: readonly ClaimResult[],
  results: BenchResults | null,
): { fixed: boolean; lines: string[] } {
  const { startsAs, solution } = scenario.exercise
  const lines: string[] = []
  const wrong: string[] = []
  const failed = claims.filter((c) => !c.passed)
  lines.push(`claims: ${claims.length - failed.length} of ${claims.length} hold`)
  for (const c of claims) lines.push(`  ${c.passed ? '✓' : '✗'} ${c.title}${c.passed ? '' : `\n      ${c.why}`}`)
  if (claims.length === 0) wrong.push('the tests did not run (see the errors above)')
  else if (failed.length > 0)
    wrong.push(
      `${failed.length === 1 ? 'a claim fails' : `${failed.length} claims fail`}: ${failed.map((c) => `"${c.title}"`).join('; ')}`,
    )

  const row = (variant: string) => results?.rows.find((r) => r.scenario === scenario.name && r.variant === variant)
  const [naive, mine, model] = [row(startsAs), row(EXERCISE), row(solution)]
  if (results && naive && mine && model) {
    const m = results.meta
    lines.push(
      `figures (one quick round of ${m.durationSec} s or the scenario's minimum, ${m.cpuCount} cores, Node ${m.node}; indicative):`,
    )
    for (const [label, r] of [
      [`${startsAs} (the mistake)`, naive],
      ['exercise (yours)', mine],
      [`${solution} (the model answer)`, model],
    ] as const) {
      lines.push(`  ${label.padEnd(34)} ${r.failure ? `run failed: ${r.failure}` : figures(r)}`)
    }
    const problems = mine.errors + mine.non2xx - (scenario.workload.shedsLoad?.includes(solution) ? mine.shed503 : 0)
    if (mine.failure || mine.requests === 0)
      wrong.push(`your variant's bench run ${mine.failure ? `failed: ${mine.failure}` : 'completed no request'}`)
    else if (problems > 0.01 * mine.requests)
      wrong.push(
        `your variant answered ${n0(problems)} of its ${n0(mine.requests)} requests with an error or a status other than 2xx`,
      )
    else if (model.rps >= RATE_RULE_FROM * naive.rps && mine.rps < Math.sqrt(naive.rps * model.rps)) {
      wrong.push(
        `your variant serves ${n0(mine.rps)} req/s: nearer the mistake's ${n0(naive.rps)} than the model answer's ${n0(model.rps)}`,
      )
    }
    const stalls = mine.eventLoopDelayMs.max > 50 && mine.eventLoopDelayMs.max > 5 * model.eventLoopDelayMs.max
    if (stalls)
      wrong.push(
        `the event loop stalled for up to ${n0(mine.eventLoopDelayMs.max)} ms (the model answer: ${n0(model.eventLoopDelayMs.max)}): something still runs synchronously in the request path`,
      )
    if (wrong.length === 0) {
      const times = naive.rps > 0 ? `${(mine.rps / naive.rps).toFixed(1)}× the mistake; ` : ''
      lines.push(
        `FIXED: your variant: ${n0(mine.rps)} req/s (${times}the model answer ${n0(model.rps)}), loop delay max ${n0(mine.eventLoopDelayMs.max)} ms; every claim of ${solution} holds.`,
      )
      return { fixed: true, lines }
    }
  } else wrong.push('the bench run gave no figures for the three variants (see the errors above)')
  lines.push(`NOT FIXED YET: ${wrong.join('; ')}.`)
  lines.push(
    `  Read src/exhibits/scenarios/${scenario.name}/README.md (the mechanism), change exercise.ts, run npm run verify -- ${scenario.name} again.`,
  )
  return { fixed: false, lines }
}
