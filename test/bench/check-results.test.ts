import { describe, expect, it } from 'vitest'
import { problemsIn } from '../../bench/check-results.js'
import type { BenchMeta, BenchResults, BenchRow } from '../../bench/results-format.js'
import { runSerializationMicro } from '../../bench/serialization-micro.js'
import { summariseRounds } from '../../bench/rounds.js'
import { checkTargets } from '../../bench/targets.js'
import { defineScenario, type Variant } from '../../src/scenario-kit/scenario.js'
import { defineWorkload } from '../../src/scenario-kit/workload.js'

const meta = { quick: false, upstreamDelayMs: 50 } as BenchMeta

/** A scenario of the bench's own, shaped like outbound-http, so the verdict is tested whatever the registry holds. */
const variant = (role: Variant['role']): Variant => ({ role, summary: role, createHandler: () => async () => ({}) })
const example = defineScenario({
  name: 'outbound-http',
  title: 'three ways to call an upstream',
  prefix: '/http',
  method: 'GET',
  schema: {},
  variants: { blocking: variant('naive'), 'new-connection': variant('naive'), pooled: variant('optimized') },
  defaultVariant: 'pooled',
  workload: defineWorkload({
    request: (path) => ({ method: 'GET', path }),
    ceilingRps: () => 2_000,
    targets: [{ variant: 'pooled', minSpeedup: 10, minCeilingPct: 85 }],
    doctor: { expect: { blocking: 'loop-blocked', 'new-connection': 'healthy', pooled: 'healthy' } },
    lint: { expect: { blocking: [], 'new-connection': [], pooled: [] } },
  }),
  exercise: { variant: variant('naive'), startsAs: 'blocking', solution: 'pooled' },
})

function row(variant: string, rps: number, extra: Partial<BenchRow> = {}): BenchRow {
  const v = example.variants.find((x) => x.name === variant)!
  return {
    scenario: 'outbound-http',
    variant,
    role: v.role,
    path: `/http/${variant}`,
    connections: 100,
    rps,
    requests: rps * 10,
    latencyMs: { p50: 1, p97_5: 1, p99: 1, max: 1 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    shed503: 0,
    unloadedP99Ms: null,
    eventLoopDelayMs: { p99: 1, max: 1 },
    rssPeakMb: 100,
    rssGrowthMb: 10,
    ceilingRps: 2000,
    ceilingPct: (100 * rps) / 2000,
    speedup: rps / 20,
    failure: null,
    ...extra,
  }
}

function results(rows: BenchRow[], quick = false): BenchResults {
  return {
    meta: { ...meta, quick },
    rows,
    runs: rows,
    scenarioSeconds: {},
    targets: checkTargets(rows, { upstreamDelayMs: 50 }, [example]),
    serializationMicro: [],
    volume: null,
    queueDrain: null,
  }
}

describe('the bench verdict', () => {
  const good = [row('blocking', 20), row('new-connection', 500), row('pooled', 1800)]

  it('passes a complete run that meets its targets', () => {
    expect(problemsIn(results(good), [example])).toEqual([])
    expect(checkTargets(good, { upstreamDelayMs: 50 }, [example]).map((t) => t.claim)).toEqual([
      'speed-up vs blocking',
      '% of ceiling',
    ])
  })

  it('flags a missing row, a failed run and errors on the optimised variant', () => {
    expect(problemsIn(results(good.slice(0, 2)), [example])).toEqual(['outbound-http/pooled: no row'])
    const failed = [good[0]!, row('new-connection', 0, { failure: 'boom' }), row('pooled', 1800, { errors: 3 })]
    expect(problemsIn(results(failed), [example])).toEqual([
      'outbound-http/new-connection: run failed: boom',
      'outbound-http/pooled: 3 errors, 0 non-2xx',
    ])
  })

  it('holds a full run to its targets, and only reports them for a quick run', () => {
    const slow = [good[0]!, good[1]!, row('pooled', 1500)]
    expect(problemsIn(results(slow), [example])).toEqual(['outbound-http/pooled: % of ceiling 75.0, target 85'])
    expect(problemsIn(results(slow, true), [example])).toEqual([])
  })
})

describe('the serialisation micro-benchmark', () => {
  it('measures all three methods at both sizes, on identical output', async () => {
    const rows = runSerializationMicro(20)
    expect(rows.map((r) => `${r.rows} ${r.method}`)).toEqual([
      '100 JSON.stringify',
      '100 fast-json-stringify',
      '100 zod parse + JSON.stringify',
      '10000 JSON.stringify',
      '10000 fast-json-stringify',
      '10000 zod parse + JSON.stringify',
    ])
    for (const r of rows) expect(r.opsPerSec).toBeGreaterThan(0)
  })
})

describe('rounds', () => {
  const round = (r: number, variant: string, rps: number, ceilingPct: number) => ({
    ...row(variant, rps, { ceilingPct }),
    round: r,
  })
  const runs = [
    round(1, 'blocking', 20, 1),
    round(1, 'new-connection', 500, 25),
    round(1, 'pooled', 1760, 88),
    round(2, 'blocking', 19, 1),
    round(2, 'new-connection', 450, 22),
    round(2, 'pooled', 1800, 90),
    round(3, 'blocking', 21, 1),
    round(3, 'new-connection', 520, 26),
    round(3, 'pooled', 1700, 85),
  ]

  it('one row per variant: the median of its rounds, their spread, and the speed-up with its interval', () => {
    const rows = summariseRounds(runs)
    expect(rows.map((r) => r.variant)).toEqual(['blocking', 'new-connection', 'pooled'])
    const pooled = rows[2]!
    expect(pooled.rps).toBe(1760)
    expect(pooled.round).toBeUndefined()
    expect(pooled.spread).toMatchObject({ rounds: 3, rps: { min: 1700, max: 1800 } })
    expect(pooled.spread!.speedup!.low).toBeLessThan(pooled.spread!.speedup!.estimate)
    expect(pooled.spread!.speedup!.estimate).toBeCloseTo(Math.cbrt((1760 / 20) * (1800 / 19) * (1700 / 21)), 6)
    expect(rows[0]!.spread!.speedup).toBeNull()
  })

  it('a target is met only when its interval clears it: 85–90% of ceiling over 3 rounds does not prove ≥ 85', () => {
    const [speedup, ceiling] = checkTargets(runs, { upstreamDelayMs: 50 }, [example])
    expect(speedup).toMatchObject({ claim: 'speed-up vs blocking', rounds: 3, met: true })
    expect(ceiling).toMatchObject({ claim: '% of ceiling', rounds: 3, met: false })
    expect(ceiling!.measured).toBeCloseTo(87.67, 1)
    expect(ceiling!.low).toBeLessThan(85)
  })

  it('a failed round is reported on its row, not hidden in a median', () => {
    const failed = [...runs.slice(0, 8), { ...round(3, 'pooled', 0, 0), failure: 'boom' }]
    expect(summariseRounds(failed)[2]!.failure).toBe('1 of 3 rounds failed: boom')
  })
})
