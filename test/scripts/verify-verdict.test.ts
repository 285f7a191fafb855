/** The verdict's rule and words, on made-up figures: what each way of still being wrong says. */
import { describe, expect, it } from 'vitest'
import type { BenchMeta, BenchResults, BenchRow } from '../../bench/results-format.js'
import { defineScenario, type Variant } from '../../src/exhibits/scenario-kit/scenario.js'
import { defineWorkload } from '../../src/exhibits/scenario-kit/workload.js'
import { judgeExercise, type ClaimResult } from '../../scripts/verify-verdict.js'
import { benchRow } from '../bench/bench-row.js'

const variant = (role: Variant['role']): Variant => ({ role, summary: role, createHandler: () => async () => ({}) })
const scenario = defineScenario({
  name: 'fan-out',
  title: 'three calls',
  prefix: '/fan-out',
  method: 'GET',
  schema: {},
  variants: { sequential: variant('naive'), concurrent: variant('optimized') },
  defaultVariant: 'concurrent',
  workload: defineWorkload({
    request: (path) => ({ method: 'GET', path }),
    ceilingRps: () => null,
    doctor: { expect: { sequential: 'healthy', concurrent: 'healthy' } },
    lint: { expect: { sequential: [], concurrent: [] } },
  }),
  exercise: { variant: variant('naive'), startsAs: 'sequential', solution: 'concurrent' },
})

const row = (variant: string, rps: number, loopMaxMs = 10): BenchRow =>
  benchRow({ scenario: 'fan-out', variant, role: 'naive', rps, eventLoopDelayMs: { p99: loopMaxMs, max: loopMaxMs } })
const results = (exercise: BenchRow, naive = 150, model = 400): BenchResults =>
  ({
    meta: { durationSec: 3, cpuCount: 2, node: 'v20' } as BenchMeta,
    rows: [row('sequential', naive), exercise, row('concurrent', model)],
  }) as unknown as BenchResults
const holds: ClaimResult[] = [
  { title: 'sequential costs about three delays, concurrent about one', passed: true, why: '' },
]
const fails: ClaimResult[] = [
  {
    title: 'sequential costs about three delays, concurrent about one',
    passed: false,
    why: 'AssertionError: expected 1 to be greater than 2',
  },
]

describe('the verify verdict', () => {
  it('fixed: every claim holds and the exercise is nearer the model answer', () => {
    const { fixed, lines } = judgeExercise(scenario, holds, results(row('exercise', 390)))
    expect(fixed).toBe(true)
    expect(lines.at(-1)).toBe(
      'FIXED: your variant: 390 req/s (2.6× the mistake; the model answer 400), loop delay max 10 ms; every claim of concurrent holds.',
    )
  })

  it('a failing claim is named, with its first line', () => {
    const { fixed, lines } = judgeExercise(scenario, fails, results(row('exercise', 390)))
    expect(fixed).toBe(false)
    expect(lines.join('\n')).toContain(
      '✗ sequential costs about three delays, concurrent about one\n      AssertionError: expected 1 to be greater than 2',
    )
    expect(lines.join('\n')).toContain(
      'NOT FIXED YET: a claim fails: "sequential costs about three delays, concurrent about one".',
    )
  })

  it('claims that hold are not enough when the exercise is nearer the mistake than the model answer', () => {
    const { fixed, lines } = judgeExercise(scenario, holds, results(row('exercise', 200)))
    expect(fixed).toBe(false)
    expect(lines.join('\n')).toContain(
      "your variant serves 200 req/s: nearer the mistake's 150 than the model answer's 400",
    )
    // Where the model answer is not much faster than the mistake, the claims decide alone.
    expect(judgeExercise(scenario, holds, results(row('exercise', 100), 150, 250)).fixed).toBe(true)
  })

  it('a stalled loop is named as the likely cause; no test run or no figures is never fixed', () => {
    const stalled = judgeExercise(scenario, holds, results(row('exercise', 390, 400)))
    expect(stalled.fixed).toBe(false)
    expect(stalled.lines.join('\n')).toContain('the event loop stalled for up to 400 ms (the model answer: 10)')
    expect(judgeExercise(scenario, [], results(row('exercise', 390))).lines.join('\n')).toContain(
      'the tests did not run',
    )
    expect(judgeExercise(scenario, holds, null).fixed).toBe(false)
    const failing = judgeExercise(scenario, holds, results({ ...row('exercise', 390), requests: 1_000, non2xx: 900 }))
    expect(failing.fixed).toBe(false)
    expect(failing.lines.join('\n')).toContain(
      'your variant answered 900 of its 1,000 requests with an error or a status other than 2xx',
    )
  })

  it('503s are excused only where the model answer sheds load on purpose', () => {
    const shedding = { ...row('exercise', 390), requests: 1_000, non2xx: 900, shed503: 900 }
    // fan-out's model answer sheds nothing: 900 refusals of 1,000 are 900 wrong answers.
    const strict = judgeExercise(scenario, holds, results(shedding))
    expect(strict.fixed).toBe(false)
    expect(strict.lines.join('\n')).toContain(
      'your variant answered 900 of its 1,000 requests with an error or a status other than 2xx',
    )
    // A scenario whose model answer refuses what it cannot take: its 503s are the fix working.
    const sheds = { ...scenario, workload: { ...scenario.workload, shedsLoad: ['concurrent'] } }
    expect(judgeExercise(sheds, holds, results(shedding)).fixed).toBe(true)
  })

  it('the whole report, line by line, when fixed and when not', () => {
    const fixed = judgeExercise(scenario, holds, results({ ...row('exercise', 390), errors: 1, non2xx: 2 }))
    expect(fixed.lines).toEqual([
      'claims: 1 of 1 hold',
      '  ✓ sequential costs about three delays, concurrent about one',
      "figures (one quick round of 3 s or the scenario's minimum, 2 cores, Node v20; indicative):",
      '  sequential (the mistake)           150 req/s, p99 1 ms, loop delay max 10 ms',
      '  exercise (yours)                   390 req/s, p99 1 ms, loop delay max 10 ms, 3 errors/non-2xx',
      '  concurrent (the model answer)      400 req/s, p99 1 ms, loop delay max 10 ms',
      'FIXED: your variant: 390 req/s (2.6× the mistake; the model answer 400), loop delay max 10 ms; every claim of concurrent holds.',
    ])
    const twoFail: ClaimResult[] = [
      ...fails,
      { title: 'second', passed: false, why: 'why two' },
      { title: 'third', passed: true, why: '' },
    ]
    const notFixed = judgeExercise(scenario, twoFail, results({ ...row('exercise', 390), failure: 'the API crashed' }))
    expect(notFixed.lines).toEqual([
      'claims: 1 of 3 hold',
      '  ✗ sequential costs about three delays, concurrent about one\n      AssertionError: expected 1 to be greater than 2',
      '  ✗ second\n      why two',
      '  ✓ third',
      "figures (one quick round of 3 s or the scenario's minimum, 2 cores, Node v20; indicative):",
      '  sequential (the mistake)           150 req/s, p99 1 ms, loop delay max 10 ms',
      '  exercise (yours)                   run failed: the API crashed',
      '  concurrent (the model answer)      400 req/s, p99 1 ms, loop delay max 10 ms',
      'NOT FIXED YET: 2 claims fail: "sequential costs about three delays, concurrent about one"; "second"; your variant\'s bench run failed: the API crashed.',
      '  Read src/exhibits/scenarios/fan-out/README.md (the mechanism), change exercise.ts, run npm run verify -- fan-out again.',
    ])
  })

  it('each rule on both sides of its line', () => {
    const verdict = (exercise: BenchRow, naive = 150, model = 400) =>
      judgeExercise(scenario, holds, results(exercise, naive, model))
    // Errors and non-2xx: at most 1% of the requests is tolerated, more is not.
    expect(verdict({ ...row('exercise', 390), requests: 1_000, errors: 4, non2xx: 6 }).fixed).toBe(true)
    expect(verdict({ ...row('exercise', 390), requests: 1_000, errors: 5, non2xx: 6 }).fixed).toBe(false)
    // A run that completed nothing is never fixed, and says so.
    expect(verdict({ ...row('exercise', 390), requests: 0 }).lines.join('\n')).toContain(
      "your variant's bench run completed no request",
    )
    // The rate rule applies from a model answer twice the mistake; at the geometric mean, it passes.
    expect(verdict(row('exercise', 200), 100, 400).fixed).toBe(true)
    expect(verdict(row('exercise', 199), 100, 400).fixed).toBe(false)
    expect(verdict(row('exercise', 100), 100, 199).fixed).toBe(true)
    // A stall counts above 50 ms and above five times the model answer's.
    expect(verdict(row('exercise', 390, 50)).fixed).toBe(true)
    expect(verdict(row('exercise', 390, 51)).fixed).toBe(false)
    expect(
      judgeExercise(scenario, holds, {
        ...results(row('exercise', 390, 60)),
        rows: [row('sequential', 150), row('exercise', 390, 60), row('concurrent', 400, 12)],
      }).fixed,
    ).toBe(true)
    expect(
      judgeExercise(scenario, holds, {
        ...results(row('exercise', 390, 61)),
        rows: [row('sequential', 150), row('exercise', 390, 61), row('concurrent', 400, 12)],
      }).fixed,
    ).toBe(false)
    // A mistake that served nothing: no "× the mistake" to divide by.
    expect(verdict(row('exercise', 390), 0, 400).lines.at(-1)).toBe(
      'FIXED: your variant: 390 req/s (the model answer 400), loop delay max 10 ms; every claim of concurrent holds.',
    )
  })

  it('reads only its own scenario’s rows, and wants all three', () => {
    const other = { ...row('exercise', 390), scenario: 'other' }
    const { fixed, lines } = judgeExercise(scenario, holds, {
      ...results(row('exercise', 390)),
      rows: [row('sequential', 150), other, row('concurrent', 400)],
    })
    expect(fixed).toBe(false)
    expect(lines.join('\n')).toContain(
      'NOT FIXED YET: the bench run gave no figures for the three variants (see the errors above).',
    )
    expect(
      judgeExercise(scenario, holds, {
        ...results(row('exercise', 390)),
        rows: [row('sequential', 150), row('exercise', 390)],
      }).fixed,
    ).toBe(false)
  })
})
