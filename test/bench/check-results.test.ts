import { describe, expect, it } from 'vitest'
import { intervalOutOfRange, problemsIn } from '../../bench/check-results.js'
import type { BenchMeta, BenchResults, BenchRow, TargetCheck } from '../../bench/results-format.js'
import { runSerializationMicro } from '../../bench/serialization-micro.js'
import { summariseRounds } from '../../bench/rounds.js'
import { checkTargets, single, targetCheck } from '../../bench/targets.js'
import { defineScenario, type Variant } from '../../src/exhibits/scenario-kit/scenario.js'
import { defineWorkload } from '../../src/exhibits/scenario-kit/workload.js'
import { benchRow } from './bench-row.js'

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
  const { role } = example.variants.find((x) => x.name === variant)!
  return benchRow({
    scenario: 'outbound-http',
    variant,
    role,
    rps,
    requests: rps * 10,
    eventLoopDelayMs: { p99: 1, max: 1 },
    rssGrowthMb: 10,
    ceilingRps: 2000,
    ceilingPct: (100 * rps) / 2000,
    speedup: rps / 20,
    ...extra,
  })
}

function results(rows: BenchRow[], quick = false): BenchResults {
  return {
    meta: { ...meta, quick },
    rows,
    runs: rows,
    scenarioSeconds: {},
    targets: checkTargets(rows, { upstreamDelayMs: 50, cpuCount: 2 }, [example]),
    serializationMicro: [],
    volume: null,
    queueDrain: null,
  }
}

describe('the bench verdict', () => {
  const good = [row('blocking', 20), row('new-connection', 500), row('pooled', 1800)]

  it('passes a complete run that meets its targets', () => {
    expect(problemsIn(results(good), [example])).toEqual([])
    expect(checkTargets(good, { upstreamDelayMs: 50, cpuCount: 2 }, [example]).map((t) => t.claim)).toEqual([
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

  it('says what a row with no request completed saw instead', () => {
    const empty = row('blocking', 0, { requests: 0, timeouts: 50, eventLoopDelayMs: { p99: 4_900, max: 5_002 } })
    expect(problemsIn(results([empty, ...good.slice(1)], true), [example])).toContain(
      'outbound-http/blocking: no request completed (0 errors, 50 timeouts, event-loop delay max 5002 ms)',
    )
  })

  it('holds a full run to its targets, and only reports them for a quick run', () => {
    const slow = [good[0]!, good[1]!, row('pooled', 1500)]
    expect(problemsIn(results(slow), [example])).toEqual([
      'outbound-http/pooled: % of ceiling 75.00, target 85: missed',
    ])
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
    const [speedup, ceiling] = checkTargets(runs, { upstreamDelayMs: 50, cpuCount: 2 }, [example])
    expect(speedup).toMatchObject({ claim: 'speed-up vs blocking', rounds: 3, met: true, outcome: 'met' })
    expect(ceiling).toMatchObject({ claim: '% of ceiling', rounds: 3, met: false, outcome: 'undecided' })
    expect(ceiling!.measured).toBeGreaterThan(87)
    expect(ceiling!.measured).toBeLessThan(88.5)
    expect(ceiling!.low).toBeLessThan(85)
    expect(ceiling!.high).toBeGreaterThan(85)
    expect(ceiling!.high).toBeLessThan(100)
  })

  it('a failed round is reported on its row, not hidden in a median', () => {
    const failed = [...runs.slice(0, 8), { ...round(3, 'pooled', 0, 0), failure: 'boom' }]
    expect(summariseRounds(failed)[2]!.failure).toBe('1 of 3 rounds failed: boom')
  })

  it('each figure over its rounds: medians, sums of counts, the worst max, and the spread', () => {
    // Three rounds of one variant, every figure different in each, the median never the first or last written.
    const figures = (r: number, a: number, b: number, c: number) => ({
      ...row('pooled', [0, a, b, c][r]! * 100, {
        requests: [0, a, b, c][r]! * 1000,
        latencyMs: {
          p50: [0, a, b, c][r]!,
          p97_5: [0, a, b, c][r]! + 1,
          p99: [0, a, b, c][r]! + 2,
          max: [0, 10, 30, 20][r]!,
        },
        errors: r,
        timeouts: 2 * r,
        non2xx: 3 * r,
        shed503: 4 * r,
        counter: { name: 'audit rows', added: 10 * r },
        unloadedP99Ms: r === 2 ? null : [0, a, b, c][r]!,
        eventLoopDelayMs: { p99: [0, a, b, c][r]! + 3, max: [0, a, b, c][r]! + 4 },
        rssPeakMb: [0, a, b, c][r]! + 5,
        rssGrowthMb: [0, a, b, c][r]! + 6,
        ceilingPct: r === 3 ? null : [0, a, b, c][r]! + 7,
      }),
      round: r,
    })
    const rows = summariseRounds([1, 2, 3].map((r) => figures(r, 5, 9, 7)))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      rps: 700,
      requests: 21_000,
      latencyMs: { p50: 7, p97_5: 8, p99: 9, max: 30 },
      errors: 6,
      timeouts: 12,
      non2xx: 18,
      shed503: 24,
      counter: { name: 'audit rows', added: 60 },
      unloadedP99Ms: 6, // the median of 5 and 7: round 2 had none
      eventLoopDelayMs: { p99: 10, max: 11 },
      rssPeakMb: 12,
      rssGrowthMb: 13,
      ceilingPct: 14, // the median of 12 and 16: round 3 had none
      speedup: 1, // it is its scenario's baseline
      failure: null,
      spread: { rounds: 3, rps: { min: 500, max: 900 }, p99Ms: { min: 7, max: 11 }, speedup: null },
    })
    const none = summariseRounds([1, 2].map((r) => ({ ...figures(r, 5, 9, 7), unloadedP99Ms: null, ceilingPct: null })))
    expect(none[0]).toMatchObject({ unloadedP99Ms: null, ceilingPct: null })
    expect(summariseRounds([{ ...figures(1, 5, 9, 7), counter: null }])[0]!.counter).toBeNull()
  })

  it('a variant’s rounds only, and the speed-up paired by round against its own scenario’s baseline', () => {
    const other = (r: number, variant: string, rps: number) => ({ ...round(r, variant, rps, 1), scenario: 'other' })
    // Another scenario with the same variant names, measured in between: no row of it mixes in.
    const mixed = runs.flatMap((r, i) =>
      i % 3 === 2 ? [r, other(r.round, 'pooled', 5), other(r.round, 'blocking', 1)] : [r],
    )
    const rows = summariseRounds(mixed)
    expect(rows.map((r) => `${r.scenario}/${r.variant}`)).toEqual([
      'outbound-http/blocking',
      'outbound-http/new-connection',
      'outbound-http/pooled',
      'other/pooled',
      'other/blocking',
    ])
    expect(rows[2]).toMatchObject({ rps: 1760, spread: { rounds: 3 } })
    expect(rows[3]).toMatchObject({ rps: 5, speedup: 1 })
    // The baseline's round 2 failed and its round 3 served nothing: pooled is paired on round 1 alone.
    const unpaired = runs.map((r) =>
      r.variant !== 'blocking' ? r : r.round === 2 ? { ...r, failure: 'down' } : r.round === 3 ? { ...r, rps: 0 } : r,
    )
    const pooled = summariseRounds(unpaired)[2]!
    expect(pooled.spread!.speedup!.estimate).toBeCloseTo(1760 / 20, 9)
    expect(pooled.speedup).toBeCloseTo(1760 / 20, 9)
    // Every round of the baseline failed: no speed-up at all, not 1×.
    const noBaseline = summariseRounds(runs.map((r) => (r.variant === 'blocking' ? { ...r, failure: 'down' } : r)))
    expect(noBaseline[0]).toMatchObject({ variant: 'blocking', failure: 'down' })
    expect(noBaseline[2]).toMatchObject({ speedup: null, spread: { speedup: null } })
  })
})

describe('the targets, each claim on both sides of its threshold', () => {
  const judged = defineScenario({
    ...example,
    defaultVariant: 'pooled',
    exercise: { variant: variant('naive'), startsAs: 'blocking', solution: 'pooled' },
    variants: { blocking: variant('naive'), 'new-connection': variant('naive'), pooled: variant('optimized') },
    workload: defineWorkload({
      request: (path) => ({ method: 'GET', path }),
      ceilingRps: () => 2_000,
      upstreamDelayMs: 20,
      counterAfterRun: { name: 'audit rows', path: (p) => p },
      targets: [
        { variant: 'pooled', minSpeedup: 4, versus: 'new-connection' },
        { variant: 'pooled', minSpeedup: 50, maxCpuRatio: 0.3, maxLoopDelayRatio: 0.1 },
        { variant: 'pooled', minCeilingPct: 80, maxP50InDelays: 1.5, maxP99Ms: 40, maxLoopDelayP99Ms: 10 },
        { variant: 'blocking', minP50InDelays: 3, maxCounterAfterRun: 0, maxP99VsUnloaded: 2 },
      ],
      doctor: { expect: { blocking: 'loop-blocked', 'new-connection': 'healthy', pooled: 'healthy' } },
      lint: { expect: { blocking: [], 'new-connection': [], pooled: [] } },
    }),
  })
  const at = (r: number, variant: string, extra: Partial<BenchRow>) => ({ ...row(variant, 100, extra), round: r })
  const steady = [1, 2, 3].flatMap((r) => [
    at(r, 'blocking', {
      rps: 20,
      latencyMs: { p50: 60, p97_5: 70, p99: 80, max: 90 },
      counter: { name: 'audit rows', added: 0 },
      unloadedP99Ms: 50,
      cpuMsPerRequest: 2,
      eventLoopDelayMs: { p99: 100, max: 200 },
    }),
    at(r, 'new-connection', { rps: 400 }),
    at(r, 'pooled', {
      rps: 2000,
      ceilingPct: 90,
      latencyMs: { p50: 25, p97_5: 30, p99: 35, max: 50 },
      eventLoopDelayMs: { p99: 8, max: 9 },
      cpuMsPerRequest: 0.5,
    }),
  ])
  /** The judged workload's claims, in the order checkTargets gives them. */
  const EVERY_CLAIM = [
    'pooled speed-up vs new-connection',
    'pooled speed-up vs blocking',
    'pooled CPU ms per request ÷ blocking',
    'pooled loop delay p99 ÷ blocking',
    'pooled % of ceiling',
    'pooled p50 in upstream delays',
    'pooled p99 ms',
    'pooled loop delay p99 ms',
    'blocking p50 in upstream delays',
    'blocking audit rows added by the run',
    'blocking p99 ÷ unloaded p99',
  ]
  const byClaim = (runs: BenchRow[]) =>
    Object.fromEntries(
      checkTargets(runs, { upstreamDelayMs: 50, cpuCount: 2 }, [judged]).map((t) => [`${t.variant} ${t.claim}`, t]),
    )

  it('every claim named, measured and met on steady rounds; the workload’s own upstream delay counts', () => {
    const checks = byClaim(steady)
    expect(Object.keys(checks)).toEqual(EVERY_CLAIM)
    const measured = Object.fromEntries(
      Object.entries(checks).map(([k, t]) => [k, [Number(t.measured.toFixed(9)), t.atMost, t.met]]),
    )
    expect(measured).toEqual({
      'pooled speed-up vs new-connection': [5, false, true],
      'pooled speed-up vs blocking': [100, false, true],
      'pooled CPU ms per request ÷ blocking': [0.25, true, true],
      'pooled loop delay p99 ÷ blocking': [0.08, true, true],
      'pooled % of ceiling': [90, false, true],
      'pooled p50 in upstream delays': [1.25, true, true], // 25 ms over the workload's 20, not the run's 50
      'pooled p99 ms': [35, true, true],
      'pooled loop delay p99 ms': [8, true, true],
      'blocking p50 in upstream delays': [3, false, true],
      'blocking audit rows added by the run': [0, true, true],
      'blocking p99 ÷ unloaded p99': [1.6, true, true],
    })
    expect(checks['pooled % of ceiling']).toMatchObject({ threshold: 80, rounds: 3, scenario: 'outbound-http' })
  })

  it('each claim missed just past its line', () => {
    const worse = steady.map((r) =>
      r.variant === 'pooled'
        ? {
            ...r,
            rps: 1_000,
            ceilingPct: 79,
            latencyMs: { p50: 31, p97_5: 40, p99: 41, max: 50 },
            eventLoopDelayMs: { p99: 11, max: 12 },
            cpuMsPerRequest: 0.7,
          }
        : r.variant === 'blocking'
          ? {
              ...r,
              latencyMs: { ...r.latencyMs, p50: 59, p99: 101 },
              counter: { name: 'audit rows', added: r.round === 2 ? 1 : 0 },
            }
          : { ...r, rps: 251 },
    )
    const missed = Object.entries(byClaim(worse))
      .filter(([, t]) => !t.met)
      .map(([k]) => k)
    expect(missed).toEqual(EVERY_CLAIM)
    // A count is judged by its worst round; a round with no count, or no unloaded p99, cannot pass.
    expect(byClaim(worse)['blocking audit rows added by the run']!.measured).toBe(1)
    const unread = steady.map((r) =>
      r.variant === 'blocking' && r.round === 1 ? { ...r, counter: null, unloadedP99Ms: null } : r,
    )
    expect(byClaim(unread)['blocking audit rows added by the run']!.met).toBe(false)
    expect(byClaim(unread)['blocking p99 ÷ unloaded p99']!.met).toBe(false)
  })

  it('failed rounds and other scenarios left out; no rounds, no check; no paired round, a speed-up of 0', () => {
    const noise = [
      { ...at(1, 'pooled', { rps: 1, ceilingPct: 1 }), scenario: 'other' },
      { ...at(4, 'pooled', { rps: 1, ceilingPct: 1 }), failure: 'boom' },
    ]
    expect(byClaim([...steady, ...noise])['pooled % of ceiling']).toMatchObject({ measured: 90, rounds: 3, met: true })
    const withoutBlocking = steady.filter((r) => r.variant !== 'blocking')
    const checks = byClaim(withoutBlocking)
    expect(Object.keys(checks).filter((k) => k.startsWith('blocking'))).toEqual([])
    expect(checks['pooled speed-up vs blocking']).toMatchObject({ measured: 0, met: false })
    // A baseline round that served nothing pairs with nothing.
    const idle = steady.map((r) => (r.variant === 'new-connection' ? { ...r, rps: 0 } : r))
    expect(byClaim(idle)['pooled speed-up vs new-connection']).toMatchObject({ measured: 0, met: false })
  })

  it('a claim that needs more cores than the machine has is measured, shown and not judged', () => {
    const needy = {
      ...judged,
      workload: { ...judged.workload, targets: [{ variant: 'pooled', minCeilingPct: 95, needsCores: 4 }] },
    }
    const [twoCores] = checkTargets(steady, { upstreamDelayMs: 50, cpuCount: 2 }, [needy])
    expect(twoCores).toMatchObject({ outcome: 'not judged', met: false, measured: 90 })
    expect(twoCores!.reason).toMatch(/needs 4 cores .* this machine has 2/)
    expect(problemsIn({ ...results(steady), targets: [twoCores!] }, [])).toEqual([])
    const [fourCores] = checkTargets(steady, { upstreamDelayMs: 50, cpuCount: 4 }, [needy])
    expect(fourCores).toMatchObject({ outcome: 'missed', met: false })
    expect(problemsIn({ ...results(steady), targets: [fourCores!] }, [])).toEqual([
      'outbound-http/pooled: % of ceiling 90.00 [90.0–90.0], target 95: missed',
    ])
  })

  it('met exactly on the line, either way', () => {
    const line = (value: number, threshold: number, atMost: boolean) =>
      targetCheck('s', 'v', 'p99 ms', single(value), threshold, atMost)
    expect(line(10, 10, true).met).toBe(true)
    expect(line(10.01, 10, true).met).toBe(false)
    expect(line(10, 10, false).met).toBe(true)
    expect(line(9.99, 10, false).met).toBe(false)
    expect(line(7, 10, true)).toEqual({
      scenario: 's',
      variant: 'v',
      claim: 'p99 ms',
      atMost: true,
      threshold: 10,
      measured: 7,
      low: 7,
      high: 7,
      rounds: 1,
      outcome: 'met',
      met: true,
    })
  })
})

describe('intervals within their quantity’s range', () => {
  const check = (claim: TargetCheck['claim'], low: number, measured: number, high: number) =>
    intervalOutOfRange({ ...targetCheck('s', 'v', claim, single(measured), 1, false), low, high })

  it('a negative bound, a % of ceiling past 100, or an estimate outside its own interval is a problem', () => {
    expect(check('loop delay p99 ms', -54.6, 62.3, 179.3)).toMatch(/below zero/)
    expect(check('% of ceiling', 70, 89.2, 108.5)).toMatch(/past the ceiling/)
    expect(check('speed-up vs blocking', 2, 1, 3)).toMatch(/does not hold its estimate/)
    expect(check('loop delay p99 ms', 0.3, 23, 1702)).toBeNull()
    expect(check('% of ceiling', 70, 89.2, 99.9)).toBeNull()
    expect(check('rate as % of COPY', 105, 105, 105)).toBeNull() // a yardstick, not a ceiling
  })

  it('what the bench computes never trips it, however wild the rounds', () => {
    const wild = [3, 97, 100.4, 0.5, 250].map((v, i) => ({
      ...row('pooled', v * 20, { ceilingPct: v, eventLoopDelayMs: { p99: v, max: v } }),
      round: i + 1,
    }))
    const blocking = wild.map((r) => ({ ...r, variant: 'blocking', role: 'naive' as const, rps: 7 }))
    const checks = checkTargets([...blocking, ...wild], { upstreamDelayMs: 50, cpuCount: 2 }, [example])
    expect(checks.length).toBeGreaterThan(1)
    expect(checks.map(intervalOutOfRange)).toEqual(checks.map(() => null))
  })
})
