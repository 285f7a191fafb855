/**
 * Waiting on a condition, never on a clock: tests run on machines faster and slower than the one
 * they were written on, so a fixed sleep that "should be enough" is a race. Each wait has a bound
 * and says what it waited for when the bound is hit.
 */
import { setTimeout as sleep } from 'node:timers/promises'

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number
  /** Pause between checks (default 25 ms). */
  readonly intervalMs?: number
}

/** Resolves with the first truthy value `check` returns; throws `what: not within …` past the bound. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T> | T,
  { timeoutMs = 10_000, intervalMs = 25 }: WaitOptions = {},
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value
      last = value
    } catch (err) {
      last = err
    }
    if (performance.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last)
      throw new Error(`${what}: not within ${timeoutMs} ms (last: ${detail})`)
    }
    await sleep(intervalMs)
  }
}
