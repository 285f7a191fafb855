/**
 * The statistics of a run of rounds, kept small enough to check by hand. With a handful of rounds
 * (3 to 10) a percentile bootstrap under-covers badly (3 rounds give at most 10 distinct
 * resamples), so intervals here are Student-t intervals: on the logarithm for ratios (a speed-up
 * is a ratio of rates, and its log is what is roughly normal and symmetric), plain for a mean.
 * With 3 rounds t(0.975, 2) = 4.30: the intervals are wide, and a target is met only when the
 * interval's conservative end clears it, so a verdict holds from one run to the next.
 */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Two-sided 95% quantiles of Student's t, by degrees of freedom (1–30), then the normal's. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]
export const t975 = (df: number) => (df >= 1 && df <= 30 ? T975[df - 1]! : 1.96)

export interface Interval {
  readonly estimate: number
  readonly low: number
  readonly high: number
  /** Rounds it rests on; 1 gives no interval (low = high = estimate). */
  readonly n: number
}

/** 95% interval of a mean. */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { estimate: mean, low: mean, high: mean, n }
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1))
  const half = (t975(n - 1) * sd) / Math.sqrt(n)
  return { estimate: mean, low: mean - half, high: mean + half, n }
}

/**
 * 95% interval of the ratio a/b from paired rounds (round i of each variant ran back to back):
 * a t-interval of the mean log ratio, returned as a ratio (the geometric mean and its bounds).
 */
export function ratioInterval(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length || a.length === 0) throw new Error('ratioInterval: paired rounds of equal count expected')
  const logs = a.map((x, i) => Math.log(Math.max(x, 1e-9) / Math.max(b[i]!, 1e-9)))
  const { estimate, low, high, n } = meanInterval(logs)
  return { estimate: Math.exp(estimate), low: Math.exp(low), high: Math.exp(high), n }
}

/** The end of an interval a claim must clear: the low end for "at least", the high end for "at most". */
export const conservativeEnd = (interval: Interval, atMost: boolean) => (atMost ? interval.high : interval.low)
