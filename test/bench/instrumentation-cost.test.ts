/**
 * The instrumentation-cost study's figures and verdict, on made-up rounds: CPU per request against
 * the mean of the two APIs with everything off, a round dropped where an API fell behind, and a
 * verdict only where the series' interval clears the 5% target and two APIs alike agree.
 */
import { describe, expect, it } from 'vitest'
import {
  ARMS,
  TARGET_RATIO,
  summarise,
  type ArmLabel,
  type ArmRound,
  type Series,
} from '../../bench/instrumentation-cost.js'

const OFFERED = 5_000
/** A round where each API used `us` µs of CPU per request over `ok` replies. */
const round = (us: Partial<Record<ArmLabel, number>>, ok: Partial<Record<ArmLabel, number>> = {}) =>
  Object.fromEntries(
    ARMS.map(({ label }) => {
      const replies = ok[label] ?? OFFERED
      const arm: ArmRound = { ranNs: (us[label] ?? 40) * 1000 * replies, ok: replies, failed: 0 }
      return [label, arm]
    }),
  ) as Record<ArmLabel, ArmRound>
const series = (rounds: ReturnType<typeof round>[]): Series => ({ order: ARMS.map((a) => a.label), rounds })
const five = (r: ReturnType<typeof round>) =>
  Array.from({ length: 5 }, () => series(Array.from({ length: 6 }, () => r)))
/** One series per figure: "both on" at `ratio` times a baseline of 40 µs; the twins 1% apart, each way in turn. */
const seriesAt = (ratios: readonly number[], twins = (i: number) => (i % 2 === 0 ? [39.8, 40.2] : [40.2, 39.8])) =>
  ratios.map((ratio, i) => {
    const [off, again] = twins(i)
    return series(Array.from({ length: 6 }, () => round({ 'both on': 40 * ratio, off, 'off, again': again })))
  })

describe('what the instrumentation costs', () => {
  it('each API against the mean of the two with everything off; the two off ones are the noise', () => {
    const s = summarise(
      five(round({ 'both on': 42, 'request timing only': 40.8, off: 39.6, 'off, again': 40.4 })),
      OFFERED,
    )
    const ratio = (label: ArmLabel) => s.arms.find((a) => a.label === label)!.ratio.estimate
    expect(ratio('both on')).toBeCloseTo(42 / 40, 9)
    expect(ratio('request timing only')).toBeCloseTo(40.8 / 40, 9)
    expect(ratio('stall log only')).toBeCloseTo(1, 9)
    expect(s.arms[0]!.usPerRequest).toBeCloseTo(42, 9)
    for (const n of s.noiseSeries) expect(n).toBeCloseTo(39.6 / 40.4, 9)
    expect(s.noiseSeries).toHaveLength(5)
    expect(s.keptRounds).toBe(30)
  })

  it("met or missed only where the series' 95% interval lies wholly on one side of the target", () => {
    const verdict = (ratios: number[]) => summarise(seriesAt(ratios), OFFERED)
    expect(verdict([1.02, 1.03, 1.025, 1.035, 1.03]).verdict).toBe('met')
    expect(verdict([1.07, 1.08, 1.065, 1.075, 1.09]).verdict).toBe('missed')
    // The same middle, spread wider: the interval straddles the target.
    const wide = verdict([1.0, 1.06, 1.02, 1.08, 1.03])
    expect(wide.verdict).toBe('not judged')
    expect(wide.arms[0]!.ratio.low).toBeLessThan(TARGET_RATIO)
    expect(wide.arms[0]!.ratio.high).toBeGreaterThan(TARGET_RATIO)
    expect(wide.why).toContain('the target lies within the interval')
  })

  it('not judged where two APIs alike differ the same way in every series: the run cannot tell twins apart', () => {
    const s = summarise(
      seriesAt([1.02, 1.03, 1.025, 1.035, 1.03], () => [39, 41]),
      OFFERED,
    )
    expect(s.noise.high).toBeLessThan(1)
    expect(s.verdict).toBe('not judged')
    expect(s.why).toContain('cannot tell an API from its twin')
  })

  it('a round in which an API fell behind or failed is dropped: it measured a backlog, not a cost', () => {
    const behind = round({ 'both on': 60 }, { 'both on': 0.85 * OFFERED })
    const failed = { ...round({}), off: { ranNs: 1, ok: OFFERED, failed: 3 } }
    const ok = () => series([round({ 'both on': 41 }), round({ 'both on': 41 })])
    const s = summarise(
      [series([behind, failed, round({ 'both on': 41 }), round({ 'both on': 41 })]), ok(), ok()],
      OFFERED,
    )
    expect(s).toMatchObject({ keptRounds: 6, droppedRounds: 2 })
    expect(s.arms[0]!.ratio.estimate).toBeCloseTo(41 / 40, 9)
    // Too few kept: no verdict at all.
    const few = summarise([series([behind, failed, round({ 'both on': 41 })]), ok()], OFFERED)
    expect(few.verdict).toBe('not judged')
    expect(few.why).toContain('2 series and 3 rounds of 5 kept')
  })
})
