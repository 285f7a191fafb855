import { describe, expect, it } from 'vitest'
import { conservativeEnd, meanInterval, median, ratioInterval, t975 } from '../../bench/stats.js'

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
})
