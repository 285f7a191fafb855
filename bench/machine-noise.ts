/**
 * This machine's run-to-run noise, measured before the first scenario: the same CPU task timed a
 * few times (a neighbour on a shared host, frequency scaling or a busy process show as a spread),
 * and what /proc/stat says the cores did meanwhile (time stolen by the host, time idle). The
 * report prints it beside the figures, and with every verdict that ended undecided.
 */
import { createHash } from 'node:crypto'
import { readCpuTimes, type CpuTimes } from './doctor/machine-cpu.js'
import type { MachineNoise } from './results-format.js'

/** About 50 ms of hashing on a 2020s core: long against timer jitter, short against the run. */
function fixedTask(): void {
  const block = Buffer.alloc(64 * 1024, 7)
  let digest = Buffer.alloc(0)
  for (let i = 0; i < 1_200; i++) digest = createHash('sha256').update(block).update(digest).digest()
  if (digest.length !== 32) throw new Error('unreachable: sha256 gives 32 bytes')
}

export function measureMachineNoise(times = 7): MachineNoise {
  for (let i = 0; i < 2; i++) fixedTask() // to warm up: compiled, buffers allocated, clocks up
  const before = readCpuTimes()
  const taskMs: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    fixedTask()
    taskMs.push(performance.now() - started)
  }
  const after = readCpuTimes()
  return noiseOf(taskMs, before && after && after.total > before.total ? { before, after } : null)
}

type Jiffies = Pick<CpuTimes, 'total' | 'idle' | 'steal'>

export function noiseOf(taskMs: readonly number[], cpu: { before: Jiffies; after: Jiffies } | null): MachineNoise {
  const fastest = Math.min(...taskMs)
  const share = (pick: (t: Jiffies) => number) =>
    cpu ? (100 * (pick(cpu.after) - pick(cpu.before))) / (cpu.after.total - cpu.before.total) : null
  return {
    taskMs,
    spreadPct: (100 * (Math.max(...taskMs) - fastest)) / fastest,
    stealPct: share((t) => t.steal),
    idlePct: share((t) => t.idle),
  }
}

/** One line for a report: "task 48–53 ms (spread 10%), steal 0%, idle 49% of 2 cores". */
export function describeNoise(noise: MachineNoise, cores: number): string {
  const ms = (v: number) => v.toFixed(0)
  const parts = [
    `a fixed CPU task took ${ms(Math.min(...noise.taskMs))}–${ms(Math.max(...noise.taskMs))} ms over ${noise.taskMs.length} timings (spread ${noise.spreadPct.toFixed(0)}%)`,
  ]
  if (noise.stealPct !== null) parts.push(`${noise.stealPct.toFixed(1)}% of the time stolen by the host`)
  if (noise.idlePct !== null)
    parts.push(
      `cores ${noise.idlePct.toFixed(0)}% idle meanwhile (${(100 * (cores - 1)) / cores}% if nothing else ran)`,
    )
  return parts.join(', ')
}
