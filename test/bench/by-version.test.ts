/**
 * The by-version study's arithmetic on synthetic rounds: which rounds pair, what a ratio's interval
 * lets the table say, and the order the lines take round after round.
 */
import { describe, expect, it } from 'vitest'
import {
  byVersionMarkdown,
  byVersionSummary,
  fixesThatMoved,
  NO_ROUTE,
  summarise,
  verdictOf,
  versionOrder,
  type ByVersionResults,
  type VersionRun,
} from '../../bench/by-version.js'
import { defineScenario, type Variant } from '../../src/exhibits/scenario-kit/scenario.js'
import { defineWorkload } from '../../src/exhibits/scenario-kit/workload.js'

const variant = (role: Variant['role']): Variant => ({ role, summary: role, createHandler: () => async () => ({}) })
const scenario = defineScenario({
  name: 'synthetic',
  title: 'a naive and a fixed variant',
  prefix: '/synthetic',
  method: 'GET',
  schema: {},
  variants: { naive: variant('naive'), fixed: variant('optimized') },
  defaultVariant: 'fixed',
  workload: defineWorkload({
    request: (path) => ({ method: 'GET', path }),
    ceilingRps: () => null,
    targets: [],
    doctor: { expect: { naive: 'loop-blocked', fixed: 'healthy' } },
    lint: { expect: { naive: [], fixed: [] } },
  }),
  exercise: { variant: variant('naive'), startsAs: 'naive', solution: 'fixed' },
})
const V22 = 'v22.1.0'
const V24 = 'v24.1.0'

/** Rounds of one variant under each version: req/s by round, CPU `cpuMs` (1 ms); null: that round failed. */
function runs(
  variantName: string,
  byVersion: Record<string, ReadonlyArray<number | null>>,
  cpuMs: Record<string, number> = {},
): VersionRun[] {
  return Object.entries(byVersion).flatMap(([node, rounds]) =>
    rounds.map((rps, i) => ({
      scenario: 'synthetic',
      variant: variantName,
      node,
      round: i + 1,
      rps: rps ?? 0,
      p99Ms: 10,
      cpuMsPerRequest: rps === null ? null : (cpuMs[node] ?? 1),
      loopDelayP99Ms: 5,
      errors: 0,
      failure: rps === null ? 'it failed' : null,
    })),
  )
}

describe('verdictOf', () => {
  const interval = (low: number, high: number, n = 3) => ({ estimate: (low + high) / 2, low, high, n })
  it('faster or slower only when the whole interval is 5% or more away from 1', () => {
    expect(verdictOf(interval(1.06, 1.3))).toBe('faster')
    expect(verdictOf(interval(0.7, 0.94))).toBe('slower')
    expect(verdictOf(interval(1.04, 1.3))).toBe('cannot tell')
    expect(verdictOf(interval(0.7, 0.96))).toBe('cannot tell')
  })
  it('the same when the whole interval is within 5%; wider is not a finding', () => {
    expect(verdictOf(interval(0.96, 1.04))).toBe('same')
    expect(verdictOf(interval(0.9, 1.1))).toBe('cannot tell')
  })
  it('one pair is no interval, whatever its value', () => {
    expect(verdictOf(interval(2, 2, 1))).toBe('cannot tell')
    expect(verdictOf(interval(1, 1, 1))).toBe('cannot tell')
  })
})

describe('summarise', () => {
  it('pairs the rounds both versions completed, and gives each version its median and range', () => {
    const rows = summarise(
      [scenario],
      [V22, V24],
      [
        ...runs('naive', { [V22]: [100, 110, 90], [V24]: [200, 220, 180] }),
        ...runs('fixed', { [V22]: [1000, 1000, null], [V24]: [1000, 1010, 990] }),
      ],
    )
    const naive = rows.find((r) => r.variant === 'naive')!
    expect(naive.figures[V22]).toMatchObject({ rps: 100, rpsRange: [90, 110], rounds: 3, cpuMsPerRequest: 1 })
    expect(naive.ratios[V24]).toMatchObject({ estimate: expect.closeTo(2, 6), n: 3, verdict: 'faster' })
    const fixed = rows.find((r) => r.variant === 'fixed')!
    // Round 3 failed under 22: two pairs, not three.
    expect(fixed.ratios[V24]!.n).toBe(2)
    expect(fixed.figures[V22]!.rounds).toBe(2)
  })

  it('CPU per request as a ratio too, where less is the better verdict', () => {
    const rows = summarise(
      [scenario],
      [V22, V24],
      runs('naive', { [V22]: [100, 100, 100], [V24]: [100, 101, 99] }, { [V22]: 2, [V24]: 1 }),
    )
    expect(rows[0]!.cpuRatios[V24]).toMatchObject({ estimate: 0.5, verdict: 'less CPU' })
    expect(rows[0]!.ratios[V24]!.verdict).toBe('same')
  })

  it('a version whose every round failed has no figures and no ratio', () => {
    const rows = summarise([scenario], [V22, V24], runs('naive', { [V22]: [100, 100], [V24]: [null, null] }))
    expect(rows[0]!.figures[V24]).toBeNull()
    expect(rows[0]!.ratios[V24]).toBeNull()
    expect(rows[0]!.cpuRatios[V24]).toBeNull()
  })

  it('a variant the first line lacks is compared with the fastest variant the first line has', () => {
    const naive = runs('naive', { old: [300, 310, 290], new: [300, 300, 300] })
    const fixed = (failure: string) =>
      runs('fixed', { old: [null, null, null], new: [600, 660, 540] }, { new: 0.5 }).map((r) =>
        r.failure ? { ...r, failure } : r,
      )
    // Failed there for another reason: no figures and no ratio, as any failed line.
    const broken = summarise([scenario], ['old', 'new'], [...naive, ...fixed('it failed')])
    expect(broken.find((r) => r.variant === 'fixed')).toMatchObject({ ratios: { new: null } })
    expect(broken.find((r) => r.variant === 'fixed')).not.toHaveProperty('versus')
    const rows = summarise([scenario], ['old', 'new'], [...naive, ...fixed(NO_ROUTE)])
    const fixedRow = rows.find((r) => r.variant === 'fixed')!
    expect(fixedRow.versus).toBe('naive')
    expect(fixedRow.ratios.new).toMatchObject({ estimate: expect.closeTo(1.95, 1), n: 3, verdict: 'faster' })
    expect(fixedRow.cpuRatios.new).toMatchObject({ estimate: 0.5, verdict: 'less CPU' })
    expect(rows.find((r) => r.variant === 'naive')!.versus).toBeUndefined()
    const markdown = (summary: typeof rows, all: VersionRun[]) =>
      byVersionMarkdown({
        meta: { date: '', versions: ['old', 'new'], machine: 'm', connections: 1, durationSec: 1, rounds: 3 },
        rows: summary,
        runs: all,
      } as unknown as ByVersionResults)
    const absent = markdown(rows, [...naive, ...fixed(NO_ROUTE)])
    expect(absent).toMatch(/\| fixed \| no such route \| 600 \(540–660\) \| 1\.9\d× \[/)
    expect(absent).toContain('faster (vs naive, the fastest there)')
    expect(markdown(broken, [...naive, ...fixed('it failed')])).toMatch(/\| fixed \| failed \| 600 \(540–660\) \| – \|/)
  })
})

describe('versionOrder', () => {
  it('as given in odd rounds, reversed in even ones', () => {
    expect(versionOrder(1, 2)).toEqual([0, 1])
    expect(versionOrder(2, 2)).toEqual([1, 0])
    expect(versionOrder(3, 3)).toEqual([0, 1, 2])
  })
})

describe('byVersionMarkdown', () => {
  it('one row per variant, both versions, the ratio with its interval and verdict, and the verdicts listed', () => {
    const all = [
      ...runs('naive', { [V22]: [100, 100, 100], [V24]: [200, 200, 200] }),
      ...runs('fixed', { [V22]: [500, 520, 480], [V24]: [500, 520, 480] }),
    ]
    const results: ByVersionResults = {
      meta: {
        date: '',
        versions: [V22, V24],
        machine: '2 cores',
        connections: 100,
        durationSec: 2,
        rounds: 3,
        upstreamDelayMs: 50,
        dbPoolSize: 20,
      },
      rows: summarise([scenario], [V22, V24], all),
      runs: all,
    }
    const text = byVersionMarkdown(results)
    expect(text).toContain(
      '| synthetic | naive | 100 (100–100) | 200 (200–200) | 2.00× [2.00–2.00] faster | 1.00 → 1.00 |',
    )
    expect(text).toContain('| synthetic | fixed | 500 (480–520) | 500 (480–520) | 1.00× [1.00–1.00] same |')
    expect(text).toMatch(/- faster: 1 \(synthetic\/naive\)/)
    expect(text).toMatch(/- same: 1 \(synthetic\/fixed\)/)
    // The lesson's ratio under each line: fixed over naive, paired within the line.
    expect(text).toContain('| synthetic | fixed ÷ naive | 5.0× [4.5–5.5] | 2.5× [2.3–2.8] |')
    // The fix's ratio halved from one line to the next, intervals apart: the summary names it.
    expect(fixesThatMoved(results)).toEqual(['synthetic/fixed'])
    expect(byVersionSummary(results, 'x.md').join('\n')).toMatch(/of 1 fixes, 0 keep .*\n.*apart: synthetic\/fixed\./)
    expect(text).toMatch(/CPU per request:\n- less CPU: none\n- more CPU: none\n- same: 2/)
  })
})
