import { describe, expect, it } from 'vitest'
import {
  boundedInterval,
  conservativeEnd,
  meanInterval,
  median,
  positiveInterval,
  ratioInterval,
  t975,
} from '../../bench/stats.js'
import { describeNoise, measureMachineNoise, noiseOf } from '../../bench/machine-noise.js'

describe('bench statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('a mean interval is the t-interval: textbook values', () => {
    // 10, 12, 14: mean 12, sd 2, se 2/√3, t(0.975, 2) = 4.303.
    const i = meanInterval([10, 12, 14])
    expect(i.estimate).toBe(12)
    expect(i.high - 12).toBeCloseTo((4.303 * 2) / Math.sqrt(3), 6)
    expect(i.low).toBeCloseTo(12 - (4.303 * 2) / Math.sqrt(3), 6)
    expect(meanInterval([5])).toEqual({ estimate: 5, low: 5, high: 5, n: 1 })
    expect(t975(1000)).toBe(1.96)
  })

  it('a ratio interval is symmetric in the logs, and narrows as rounds agree', () => {
    const steady = ratioInterval([100, 100, 100], [10, 10, 10])
    expect(steady.estimate).toBeCloseTo(10, 9)
    expect(steady.low).toBeCloseTo(10, 9)
    const noisy = ratioInterval([90, 100, 110], [10, 10, 10])
    expect(noisy.low).toBeLessThan(9)
    expect(noisy.high).toBeGreaterThan(11)
    expect(noisy.estimate * noisy.estimate).toBeCloseTo(noisy.low * noisy.high, 6)
    expect(() => ratioInterval([1, 2], [1])).toThrow()
  })

  it('a claim is judged on the end of its interval that could fail it', () => {
    const i = { estimate: 87, low: 83.9, high: 90.1, n: 3 }
    expect(conservativeEnd(i, false)).toBe(83.9)
    expect(conservativeEnd(i, true)).toBe(90.1)
  })

  it('a positive quantity’s interval stays positive, however noisy its rounds', () => {
    // A loop delay p99 of 8, 9 and 170 ms: the plain t-interval goes below zero.
    const rounds = [8, 9, 170]
    expect(meanInterval(rounds).low).toBeLessThan(0)
    const i = positiveInterval(rounds)
    expect(i.low).toBeGreaterThan(0)
    expect(i.high).toBeGreaterThan(170)
    expect(i.estimate).toBeCloseTo(Math.cbrt(8 * 9 * 170), 9) // the geometric mean
    expect(positiveInterval([0, 0, 1]).low).toBeGreaterThanOrEqual(0)
    expect(positiveInterval([3, 3, 3])).toEqual({ estimate: 3, low: 3, high: 3, n: 3 })
  })

  it('a quantity with a ceiling stays under it, even with a round measured past it', () => {
    // 70, 89 and 108.5% of a ceiling: the plain t-interval goes far past 100.
    const rounds = [70, 89, 100.5]
    expect(meanInterval(rounds).high).toBeGreaterThan(100)
    const i = boundedInterval(rounds, 100)
    expect(i.high).toBeLessThanOrEqual(100)
    expect(i.low).toBeGreaterThan(0)
    expect(i.low).toBeLessThan(i.estimate)
    expect(i.estimate).toBeLessThan(i.high)
    expect(boundedInterval([100.02, 100.02, 100.02], 100).high).toBeLessThanOrEqual(100)
    expect(boundedInterval([90, 90, 90], 100)).toEqual({ estimate: 90, low: 90, high: 90, n: 3 })
    // Tight rounds give a tight interval, as on the plain scale.
    const tight = boundedInterval([94, 95, 96], 100)
    expect(tight.low).toBeGreaterThan(90)
    expect(tight.high).toBeLessThan(98.5)
  })
})

describe('this machine’s noise', () => {
  it('the spread of the timings, and the cores’ stolen and idle shares between two readings', () => {
    const cpu = { before: { total: 1_000, idle: 500, steal: 0 }, after: { total: 1_200, idle: 590, steal: 10 } }
    expect(noiseOf([50, 55, 60], cpu)).toEqual({ taskMs: [50, 55, 60], spreadPct: 20, stealPct: 5, idlePct: 45 })
    expect(noiseOf([40, 40], null)).toMatchObject({ spreadPct: 0, stealPct: null, idlePct: null })
  })

  it('measured here: as many timings as asked, and one line that says what they mean', () => {
    const noise = measureMachineNoise(3)
    expect(noise.taskMs).toHaveLength(3)
    expect(noise.taskMs.every((ms) => ms > 0)).toBe(true)
    expect(noise.spreadPct).toBeGreaterThanOrEqual(0)
    const text = describeNoise(noise, 2)
    expect(text).toMatch(/^a fixed CPU task took \d+–\d+ ms over 3 timings \(spread \d+%\)/)
    if (process.platform === 'linux')
      expect(text).toMatch(/stolen by the host, cores \d+% idle meanwhile \(50% if nothing else ran\)$/)
  })
})
