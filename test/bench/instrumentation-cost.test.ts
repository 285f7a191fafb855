/**
 * The instrumentation-cost study's figures and verdict, on made-up rounds: CPU per request against
 * the mean of the two APIs with everything off, a round dropped where an API fell behind, and a
 * verdict only where the figure clears the 5% target by more than two APIs alike differ.
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

describe('what the instrumentation costs', () => {
  it('each API against the mean of the two with everything off; the two off ones are the noise', () => {
    const s = summarise(
      five(round({ 'both on': 42, 'request timing only': 40.8, off: 39.6, 'off, again': 40.4 })),
      OFFERED,
    )
    const ratio = (label: ArmLabel) => s.arms.find((a) => a.label === label)!.ratio
    expect(ratio('both on')).toBeCloseTo(42 / 40, 9)
    expect(ratio('request timing only')).toBeCloseTo(40.8 / 40, 9)
    expect(ratio('stall log only')).toBeCloseTo(1, 9)
    expect(s.arms[0]!.usPerRequest).toBeCloseTo(42, 9)
    for (const n of s.noise) expect(n).toBeCloseTo(39.6 / 40.4, 9)
    expect(s.noise).toHaveLength(5)
    expect(s.keptRounds).toBe(30)
  })

  it('met, missed or not judged: only a figure that clears the target by more than the noise decides', () => {
    const verdict = (bothOn: number, off: number, again: number) =>
      summarise(five(round({ 'both on': bothOn, off, 'off, again': again })), OFFERED)
    // Two APIs alike 1% apart: 1.03 is met, 1.07 missed, 1.05 undecided.
    expect(verdict(41.2, 39.8, 40.2).verdict).toBe('met')
    expect(verdict(42.8, 39.8, 40.2).verdict).toBe('missed')
    expect(verdict(40 * TARGET_RATIO, 39.8, 40.2).verdict).toBe('not judged')
    // 1.07 with two alike 3.9% apart: undecided.
    const noisy = verdict(42.8, 39.2, 40.8)
    expect(noisy.verdict).toBe('not judged')
    expect(noisy.why).toContain('two APIs alike within 3.9%: the target lies within that')
  })

  it('a round in which an API fell behind or failed is dropped: it measured a backlog, not a cost', () => {
    const behind = round({ 'both on': 60 }, { 'both on': 0.85 * OFFERED })
    const failed = { ...round({}), off: { ranNs: 1, ok: OFFERED, failed: 3 } }
    const s = summarise([series([behind, failed, round({ 'both on': 41 }), round({ 'both on': 41 })])], OFFERED)
    expect(s).toMatchObject({ keptRounds: 2, droppedRounds: 2, verdict: 'not judged' })
    expect(s.arms[0]!.ratio).toBeCloseTo(41 / 40, 9)
    expect(s.why).toContain('2 rounds of 4 dropped')
  })
})
