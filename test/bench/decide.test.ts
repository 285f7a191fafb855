/**
 * Rounds until decided, on synthetic rounds: what each kind of run ends as, and how many rounds it
 * takes to get there. The rounds come from a script per variant (req/s by round), judged by the
 * real checkTargets, so the rule is tested as the runner uses it.
 */
import { describe, expect, it } from 'vitest'
import { exitCodeOf, EXIT, undecidedIn } from '../../bench/check-results.js'
import { DEFAULT_LIMITS, runUntilDecided, variantsFor, type RoundLimits } from '../../bench/decide.js'
import type { BenchMeta, BenchResults, BenchRow, TargetCheck } from '../../bench/results-format.js'
import { checkTargets } from '../../bench/targets.js'
import { defineScenario, type Variant } from '../../src/exhibits/scenario-kit/scenario.js'
import { defineWorkload } from '../../src/exhibits/scenario-kit/workload.js'
import { benchRow } from './bench-row.js'

const variant = (role: Variant['role']): Variant => ({ role, summary: role, createHandler: () => async () => ({}) })
const scenario = defineScenario({
  name: 'synthetic',
  title: 'a naive and a fixed variant, and a bystander',
  prefix: '/synthetic',
  method: 'GET',
  schema: {},
  variants: { naive: variant('naive'), bystander: variant('naive'), fixed: variant('optimized') },
  defaultVariant: 'fixed',
  workload: defineWorkload({
    request: (path) => ({ method: 'GET', path }),
    ceilingRps: () => null,
    targets: [{ variant: 'fixed', minSpeedup: 2, versus: 'naive' }],
    doctor: { expect: { naive: 'loop-blocked', bystander: 'healthy', fixed: 'healthy' } },
    lint: { expect: { naive: [], bystander: [], fixed: [] } },
  }),
  exercise: { variant: variant('naive'), startsAs: 'naive', solution: 'fixed' },
})

const row = (name: string, round: number, rps: number): BenchRow =>
  benchRow({ scenario: 'synthetic', variant: name, role: name === 'fixed' ? 'optimized' : 'naive', rps, round })

/** Runs the rule over `fixed`'s req/s by round (naive serves 100 every round); one "second" a round. */
async function decide(fixedRps: (round: number) => number, limits: RoundLimits = DEFAULT_LIMITS) {
  const runs: BenchRow[] = []
  const ran: string[][] = []
  let clock = 0
  const runRound = async (round: number, undecided: readonly TargetCheck[] | null) => {
    const wanted = undecided ? variantsFor(undecided) : null
    const names = scenario.variants.map((v) => v.name).filter((n) => !wanted || wanted.has(n))
    ran.push(names)
    for (const name of names) runs.push(row(name, round, name === 'fixed' ? fixedRps(round) : 100))
    clock += 1_000
  }
  const judge = () => checkTargets(runs, { upstreamDelayMs: 50, cpuCount: 2 }, [scenario])
  const decided = await runUntilDecided(runRound, judge, limits, () => clock)
  return { ...decided, ran, check: decided.checks[0]! }
}

describe('rounds until decided', () => {
  it('a clear pass stops at the minimum', async () => {
    const { rounds, check, stoppedBy } = await decide((r) => [0, 300, 310, 290][r]!)
    expect(rounds).toBe(3)
    expect(stoppedBy).toBe('decided')
    expect(check).toMatchObject({ outcome: 'met', met: true, rounds: 3 })
  })

  it('a straddle adds rounds, of the variants its target compares only, until it is decided', async () => {
    // 2.4×, 1.8×, 2.6× over 3 rounds: the interval spans 2; steady 2.3× after that settles it.
    const { rounds, check, ran } = await decide((r) => [0, 240, 180, 260][r] ?? 230)
    expect(rounds).toBeGreaterThan(3)
    expect(rounds).toBeLessThanOrEqual(DEFAULT_LIMITS.maxRounds)
    expect(check.outcome).toBe('met')
    expect(ran.slice(0, 3).every((names) => names.length === 3)).toBe(true)
    expect(ran.slice(3).every((names) => names.join() === 'naive,fixed')).toBe(true)
  })

  it('a noisy target ends undecided at the round cap, and says why', async () => {
    const { rounds, check, stoppedBy } = await decide((r) => (r % 2 === 0 ? 120 : 400))
    expect(rounds).toBe(DEFAULT_LIMITS.maxRounds)
    expect(stoppedBy).toBe('round cap')
    expect(check.outcome).toBe('undecided')
    expect(check.met).toBe(false)
    expect(check.reason).toMatch(/straddles 2 after 8 rounds \(the cap of 8 rounds\)/)
  })

  it('or at the time cap, when extra rounds take longer than it allows', async () => {
    const limits = { minRounds: 3, maxRounds: 20, maxExtraSec: 2.5 }
    const { rounds, check, stoppedBy, extraSec } = await decide((r) => (r % 2 === 0 ? 120 : 400), limits)
    expect(stoppedBy).toBe('time cap')
    expect(rounds).toBe(5) // two extra rounds of 1 s; a third would end past 2.5 s
    expect(extraSec).toBe(2)
    expect(check.reason).toMatch(/the cap of 3 s of extra rounds/)
  })

  it('no time left in the run: no extra round at all', async () => {
    const { rounds, check, stoppedBy, extraSec } = await decide((r) => (r % 2 === 0 ? 120 : 400), {
      ...DEFAULT_LIMITS,
      maxExtraSec: 0,
    })
    expect([rounds, stoppedBy, extraSec, check.outcome]).toEqual([3, 'time cap', 0, 'undecided'])
  })

  it('a real regression ends missed, without extra rounds', async () => {
    const { rounds, check } = await decide((r) => [0, 130, 125, 135][r]!)
    expect(rounds).toBe(3)
    expect(check).toMatchObject({ outcome: 'missed', met: false })
    expect(check.high).toBeLessThan(2)
  })

  it('a regression hidden by noise at first ends missed once the rounds show it', async () => {
    const { rounds, check } = await decide((r) => [0, 150, 300, 120][r] ?? 140)
    expect(rounds).toBeGreaterThan(3)
    expect(check.outcome).toBe('missed')
  })

  it('a quick run (one round, no more) reports what it saw', async () => {
    const { rounds, check } = await decide(() => 240, { minRounds: 1, maxRounds: 1, maxExtraSec: 60 })
    expect(rounds).toBe(1)
    expect(check.outcome).toBe('met') // one round: a degenerate interval, met or missed
  })
})

describe('what the runner exits with', () => {
  const noise = { taskMs: [50, 55], spreadPct: 10, stealPct: 0, idlePct: 50 }
  const meta = { quick: false, noise } as unknown as BenchMeta
  const target = (outcome: TargetCheck['outcome'], reason?: string): TargetCheck => ({
    scenario: 'synthetic',
    variant: 'fixed',
    claim: 'speed-up vs naive',
    atMost: false,
    threshold: 2,
    measured: 2.1,
    low: 1.8,
    high: 2.4,
    rounds: 8,
    outcome,
    met: outcome === 'met',
    ...(reason ? { reason } : {}),
  })
  const results = (targets: TargetCheck[], quick = false) =>
    ({ meta: { ...meta, quick }, targets }) as unknown as BenchResults

  it('0 all met, 2 a problem (a missed target among them), 3 undecided only; 1 is left to a crash', () => {
    expect(exitCodeOf([], [])).toBe(EXIT.allMet)
    expect(exitCodeOf(['synthetic/fixed: missed'], ['x'])).toBe(EXIT.problems)
    expect(exitCodeOf([], ['x'])).toBe(EXIT.undecided)
    expect(new Set(Object.values(EXIT))).toEqual(new Set([0, 2, 3]))
  })

  it('an undecided target is listed with its reason and the machine’s spread; not judged and quick runs are not', () => {
    const lines = undecidedIn(results([target('undecided', 'still straddles'), target('met'), target('not judged')]))
    expect(lines).toEqual([
      "synthetic/fixed: speed-up vs naive 2.10 [1.8–2.4], target 2: still straddles; this machine's run-to-run spread 10%",
    ])
    expect(undecidedIn(results([target('undecided')], true))).toEqual([])
  })
})
