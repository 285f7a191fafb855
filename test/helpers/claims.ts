/**
 * The two claims every concurrency proof makes, with wide ratio margins:
 * - serialises: N concurrent calls of latency L take about N × L (more than 0.7 × N × L),
 *   or overlap and take about L (less than 0.4 × N × L);
 * - blocks the loop: an unrelated /health asked meanwhile waits more than L / 2 and the event
 *   loop stalls for about L (more than 0.7 × L), or neither: each stays under L / 2 above what
 *   the same machine shows with nothing running (the burst's baseline, measured just before).
 * On a loaded machine the scheduler alone can hold a process for tens of milliseconds: the
 * baseline carries that noise, so "stays free" means free of the work, not of the machine.
 */
import { expect } from 'vitest'
import type { Burst } from './load.js'

export function expectConcurrency(
  b: Burst,
  {
    count,
    latencyMs,
    serialises,
    blocksLoop,
  }: { count: number; latencyMs: number; serialises: boolean; blocksLoop: boolean },
): void {
  expect(
    b.statuses.every((s) => s === 200),
    `statuses ${b.statuses.join(',')}`,
  ).toBe(true)
  if (serialises) expect(b.elapsed).toBeGreaterThan(0.7 * count * latencyMs)
  else expect(b.elapsed).toBeLessThan(0.4 * count * latencyMs)
  if (blocksLoop) {
    expect(b.healthMs).toBeGreaterThan(latencyMs / 2)
    expect(b.stats.eventLoopDelayMs.max).toBeGreaterThan(0.7 * latencyMs)
  } else {
    expect(b.healthMs).toBeLessThan(latencyMs / 2 + b.baseline.healthMs)
    expect(b.stats.eventLoopDelayMs.max).toBeLessThan(0.5 * latencyMs + b.baseline.loopMaxMs)
  }
}
