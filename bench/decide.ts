/**
 * Rounds until decided. A scenario runs its minimum rounds; while one of its targets' intervals
 * still straddles its threshold, it runs another (only the variants those targets compare, still
 * taking turns), until every target is met or missed, or a cap is reached and the rest end
 * undecided, with why.
 *
 * The caps: 8 rounds, because the interval's half-width goes as t(0.975, n−1)/√n: 2.48 spreads at
 * 3 rounds, 0.84 at 8 (three times narrower), 0.72 at 10; past 8 a round buys little. And time:
 * 45 s of extra rounds per scenario and 60 s for the whole run (RUN_EXTRA_SEC), so that the
 * default run, about 11 minutes on 2 cores, stays within 12 on a noisy machine. Stopping when decided looks
 * at the data more than once, which widens the true error of a verdict a little past 5%; a target
 * that is truly near its threshold ends undecided, not flipped.
 */
import type { TargetCheck } from './results-format.js'

export interface RoundLimits {
  readonly minRounds: number
  readonly maxRounds: number
  /** Seconds the rounds past the minimum may take, per scenario. */
  readonly maxExtraSec: number
}

export const DEFAULT_LIMITS: RoundLimits = { minRounds: 3, maxRounds: 8, maxExtraSec: 45 }
/** Seconds of extra rounds a whole run may spend (each scenario's cap is the smaller of the two). */
export const RUN_EXTRA_SEC = 60

export interface Decided {
  readonly rounds: number
  /** Seconds the rounds past the minimum took. */
  readonly extraSec: number
  readonly checks: readonly TargetCheck[]
  readonly stoppedBy: 'decided' | 'round cap' | 'time cap'
}

const open = (checks: readonly TargetCheck[]) => checks.filter((c) => c.outcome === 'undecided')

/**
 * Runs `runRound(round, undecided)` (undecided: null for the minimum rounds, else the checks an
 * extra round is for) and judges with `judge()` after each round past the minimum.
 */
export async function runUntilDecided(
  runRound: (round: number, undecided: readonly TargetCheck[] | null) => Promise<void>,
  judge: () => readonly TargetCheck[],
  limits: RoundLimits,
  now: () => number = () => performance.now(),
): Promise<Decided> {
  let round = 0
  while (round < limits.minRounds) await runRound(++round, null)
  let checks = judge()
  let extraMs = 0
  let lastMs = 0
  let stoppedBy: Decided['stoppedBy'] = 'decided'
  while (open(checks).length > 0) {
    if (round >= limits.maxRounds) {
      stoppedBy = 'round cap'
      break
    }
    // One more round only if another as long as the last would still fit the time cap.
    if (limits.maxExtraSec <= 0 || extraMs + lastMs > limits.maxExtraSec * 1000) {
      stoppedBy = 'time cap'
      break
    }
    const started = now()
    await runRound(++round, open(checks))
    lastMs = now() - started
    extraMs += lastMs
    checks = judge()
  }
  const why = (c: TargetCheck) =>
    `interval ${c.low.toPrecision(3)}–${c.high.toPrecision(3)} still straddles ${c.threshold} after ${c.rounds} rounds ` +
    `(${stoppedBy === 'round cap' ? `the cap of ${limits.maxRounds} rounds` : `the cap of ${limits.maxExtraSec.toFixed(0)} s of extra rounds`})`
  return {
    rounds: round,
    extraSec: extraMs / 1000,
    stoppedBy,
    checks: checks.map((c) => (c.outcome === 'undecided' ? { ...c, reason: why(c) } : c)),
  }
}

/** The variants an extra round must run for these checks: each one's own and the one it compares with. */
export function variantsFor(checks: readonly TargetCheck[]): Set<string> {
  return new Set(checks.flatMap((c) => (c.versus ? [c.variant, c.versus] : [c.variant])))
}
