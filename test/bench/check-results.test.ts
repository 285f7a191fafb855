import { describe, expect, it } from 'vitest'
import { problemsIn } from '../../bench/check-results.js'
import type { BenchMeta, BenchResults, BenchRow } from '../../bench/results-format.js'
import { runSerializationMicro } from '../../bench/serialization-micro.js'
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
  }),
})

function row(variant: string, rps: number, extra: Partial<BenchRow> = {}): BenchRow {
  const v = example.variants.find((x) => x.name === variant)!
  return {
    scenario: 'outbound-http', variant, role: v.role, path: `/http/${variant}`, connections: 100, rps, requests: rps * 10,
    latencyMs: { p50: 1, p97_5: 1, p99: 1, max: 1 }, errors: 0, timeouts: 0, non2xx: 0, shed503: 0, unloadedP99Ms: null,
    eventLoopDelayMs: { p99: 1, max: 1 }, rssPeakMb: 100, rssGrowthMb: 10, ceilingRps: 2000, ceilingPct: (100 * rps) / 2000,
    speedup: rps / 20, failure: null, ...extra,
  }
}

function results(rows: BenchRow[], quick = false): BenchResults {
  return { meta: { ...meta, quick }, rows, targets: checkTargets(rows, { upstreamDelayMs: 50 }, [example]), serializationMicro: [], volume: null, queueDrain: null }
}

describe('the bench verdict', () => {
  const good = [row('blocking', 20), row('new-connection', 500), row('pooled', 1800)]

  it('passes a complete run that meets its targets', () => {
    expect(problemsIn(results(good), [example])).toEqual([])
    expect(checkTargets(good, { upstreamDelayMs: 50 }, [example]).map((t) => t.claim)).toEqual(['speed-up vs blocking', '% of ceiling'])
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
