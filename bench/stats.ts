/**
 * The statistics of a run of rounds, kept small enough to check by hand. With a handful of rounds
 * (3 to 10) a percentile bootstrap under-covers badly (3 rounds give at most 10 distinct
 * resamples), so intervals here are Student-t intervals: on the logarithm for ratios (a speed-up
 * is a ratio of rates, and its log is what is roughly normal and symmetric), plain for a mean.
 * With 3 rounds t(0.975, 2) = 4.30: the intervals are wide, and a target is met only when the
 * interval's conservative end clears it, so a verdict holds from one run to the next.
 * An interval never leaves its quantity's range: a positive quantity (latency, delay, a rate) is
 * taken on the log scale, one with a ceiling (a % of it) on the logit scale of its fraction, and
 * the bounds are mapped back, so no loop delay comes out negative, no % of a ceiling above 100.
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
  const logs = a.map((x, i) => Math.log(Math.max(x, TINY) / Math.max(b[i]!, TINY)))
  const { estimate, low, high, n } = meanInterval(logs)
  return { estimate: Math.exp(estimate), low: Math.exp(low), high: Math.exp(high), n }
}

/** Smallest positive value the log scale takes: a measured 0 (no delay at all) stays finite. */
const TINY = 1e-9

// Rounds that agree exactly give their value itself, not its trip through log and exp (3 comes
// back as 2.9999999999999996, and a claim exactly on its line would fail).
const unanimous = (values: readonly number[]) => values.length > 0 && values.every((v) => v === values[0])
const exactly = (value: number, n: number): Interval => ({ estimate: value, low: value, high: value, n })

/** 95% interval of a positive quantity: the t-interval of its logs, mapped back (a geometric mean). */
export function positiveInterval(values: readonly number[]): Interval {
  if (unanimous(values)) return exactly(values[0]!, values.length)
  const { estimate, low, high, n } = meanInterval(values.map((v) => Math.log(Math.max(v, TINY))))
  return { estimate: Math.exp(estimate), low: Math.exp(low), high: Math.exp(high), n }
}

/**
 * 95% interval of a quantity in (0, max], such as a % of a ceiling: the t-interval of the logit of
 * its fraction, mapped back. A round measured within 0.1% of the ceiling or past it (timing
 * jitter) counts as 99.9%: a few seconds of load cannot tell closer, and the logit of a finer edge
 * would make rounds of 100% and 99.5% look wildly apart (an interval from 65% to 100%).
 */
export function boundedInterval(values: readonly number[], max: number): Interval {
  const edge = 1e-3
  if (unanimous(values)) return exactly(Math.min(values[0]!, max * (1 - edge)), values.length)
  const logit = (v: number) => {
    const p = Math.min(1 - edge, Math.max(edge, v / max))
    return Math.log(p / (1 - p))
  }
  const back = (x: number) => max / (1 + Math.exp(-x))
  const { estimate, low, high, n } = meanInterval(values.map(logit))
  return { estimate: back(estimate), low: back(low), high: back(high), n }
}

/** An interval's ends as text, `low–high`, to `digits` decimals. */
export const spanText = ({ low, high }: { readonly low: number; readonly high: number }, digits: number) =>
  `${low.toFixed(digits)}–${high.toFixed(digits)}`

/** The end of an interval a claim must clear: the low end for "at least", the high end for "at most". */
export const conservativeEnd = (interval: Interval, atMost: boolean) => (atMost ? interval.high : interval.low)
