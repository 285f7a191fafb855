/**
 * How busy the machine's cores were over a stretch, from /proc/stat (Linux): for a target on this
 * machine, the doctor's own load included, it tells whether the cores were the limit of a plateau.
 * Null elsewhere, and for a remote target, whose cores these are not.
 */
import { readFileSync } from 'node:fs'

export interface CpuTimes {
  readonly busy: number
  readonly total: number
  /** Idle (with iowait) and stolen by the host (virtual machines): parts of total; steal counts as busy. */
  readonly idle: number
  readonly steal: number
}

/** The aggregate `cpu` line of a /proc/stat text, in jiffies (iowait counts as idle). */
export function cpuTimesOf(stat: string): CpuTimes | null {
  const fields = /^cpu\s+([\d\s]+)$/m.exec(stat)?.[1]?.trim().split(/\s+/).map(Number)
  if (!fields || fields.length < 4 || fields.some((f) => !Number.isFinite(f))) return null
  const total = fields.reduce((sum, f) => sum + f, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busy: total - idle, total, idle, steal: fields[7] ?? 0 }
}

export function readCpuTimes(): CpuTimes | null {
  try {
    return cpuTimesOf(readFileSync('/proc/stat', 'utf8'))
  } catch {
    return null
  }
}

/** The share of the machine's CPU time that was busy between two readings (0 to 1), or null. */
export function busyShare(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (!before || !after || after.total <= before.total) return null
  return (after.busy - before.busy) / (after.total - before.total)
}
