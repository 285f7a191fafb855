/**
 * An integer's decimal digits written straight into a Buffer, the bytes `String(n)` would give,
 * without the string: for writers that put many short fields into one Buffer (db/order-formats.ts,
 * the binary COPY's CSV).
 */

const MINUS = 0x2d
const ZERO = 0x30

/** "00" to "99": two digits per division (half the divisions of one at a time). */
const PAIRS = Buffer.from(Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''), 'latin1')

/** `n` (0 to 99) as two digits at `at`, `07` for 7; returns where they end. */
export function writeTwoDigits(out: Buffer, at: number, n: number): number {
  out[at] = PAIRS[2 * n]!
  out[at + 1] = PAIRS[2 * n + 1]!
  return at + 2
}

/** Digits of a non-negative integer below 2^31, without a loop of divisions. */
const digitsOf = (n: number) =>
  n < 10_000
    ? n < 10
      ? 1
      : n < 100
        ? 2
        : n < 1_000
          ? 3
          : 4
    : n < 100_000_000
      ? n < 100_000
        ? 5
        : n < 1_000_000
          ? 6
          : n < 10_000_000
            ? 7
            : 8
      : n < 1_000_000_000
        ? 9
        : 10

/** Writes `n` at `at` and returns where it ends; `out` must have room for `String(n).length` bytes. */
export function writeInt(out: Buffer, at: number, n: number): number {
  // Not an integer strictly within ±2^31 (a fraction, NaN, a bigger one): its string, as String()
  // gives it. Within, `| 0` keeps the arithmetic on 32-bit integers, a third of the time of doubles.
  if (!(n > -2_147_483_648 && n < 2_147_483_648 && Number.isInteger(n))) return at + out.write(String(n), at, 'latin1')
  if (n < 0) {
    out[at++] = MINUS
    n = -n
  }
  const end = at + digitsOf(n)
  let i = end
  while (n >= 100) {
    const rest = (n / 100) | 0
    const pair = 2 * (n - rest * 100)
    out[--i] = PAIRS[pair + 1]!
    out[--i] = PAIRS[pair]!
    n = rest
  }
  // The first one or two digits, at `at`.
  if (n >= 10) writeTwoDigits(out, at, n)
  else out[at] = ZERO + n
  return end
}
