/**
 * An integer's decimal digits written straight into a Buffer, the bytes `String(n)` would give,
 * without the string: for writers that put many short fields into one Buffer (db/order-formats.ts).
 */

const MINUS = 0x2d
const ZERO = 0x30

/** Writes `n` at `at` and returns where it ends; `out` must have room for `String(n).length` bytes. */
export function writeInt(out: Buffer, at: number, n: number): number {
  // Not an integer of at most 16 digits (a fraction, NaN, beyond 2^53): its string, as String() gives it.
  if (!Number.isSafeInteger(n)) return at + out.write(String(n), at, 'latin1')
  if (n < 0) {
    out[at++] = MINUS
    n = -n
  }
  let digits = 1
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++
  const end = at + digits
  for (let i = end - 1; i >= at; i--) {
    out[i] = ZERO + (n % 10)
    n = Math.floor(n / 10)
  }
  return end
}
