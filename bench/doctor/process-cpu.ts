/**
 * The CPU time of the server behind a port on this machine, from /proc (Linux), for a server whose
 * /metrics does not give it (or that has none): the processes holding the port's listening socket
 * (a server's workers share it), their user and system time, every thread. The doctor's rules on
 * what holds a loop or a plateau rest on that figure; any server on this machine has it.
 * And each thread's demand for a core (the time it ran plus the time it waited, runnable, for a
 * core: /proc/PID/task/TID/schedstat): a thread that never sleeps is a full loop, whether or not the
 * machine gave it a whole core, on any runtime, with or without a loop metric.
 * Null elsewhere, and where /proc hides the process (another user's, without root).
 */
import { readdirSync, readlinkSync } from 'node:fs'
import { TCP_STATE, readProc, socketsInTable, tcpTables } from '../proc.js'

/** Linux reports process times in USER_HZ ticks, 100 a second on every architecture's ABI. */
const TICKS_PER_SECOND = 100

/** The inodes of the sockets listening on `port` in a /proc/net/tcp or tcp6 table. */
export function listeningInodes(table: string, port: number): string[] {
  return socketsInTable(table)
    .filter((s) => s.localPort === port && s.state === TCP_STATE.listen && s.inode !== '' && s.inode !== '0')
    .map((s) => s.inode)
}

/** User plus system time, in seconds, from a /proc/PID/stat text (the name may hold spaces and parentheses). */
export function cpuSecondsOfStat(stat: string): number | null {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // After the name: state is field 3, utime 14 and stime 15.
  const [utime, stime] = [Number(rest[11]), Number(rest[12])]
  return Number.isFinite(utime) && Number.isFinite(stime) && rest.length > 12
    ? (utime + stime) / TICKS_PER_SECOND
    : null
}

/**
 * Nanoseconds a thread ran and nanoseconds it waited on a run queue, from its schedstat text
 * (`ran waited timeslices`); null where the kernel has no schedstat (CONFIG_SCHED_INFO off).
 */
function schedstatOf(text: string): { ran: number; waited: number } | null {
  const [ran, waited] = text.trim().split(/\s+/).map(Number)
  return ran !== undefined && waited !== undefined && Number.isFinite(ran) && Number.isFinite(waited)
    ? { ran, waited }
    : null
}

/** A thread's demand for a core so far: the time it ran plus the time it waited for one, ns. */
export function demandNsOfSchedstat(schedstat: string): number | null {
  const times = schedstatOf(schedstat)
  return times === null ? null : times.ran + times.waited
}

/** Per thread (`pid/tid`), its demand for a core so far, ns (`demandNsOfSchedstat`). */
export type ThreadDemand = ReadonlyMap<string, number>

/**
 * The share of `seconds` the busiest thread ran or waited to run, over the threads alive at both
 * readings: near 1, it never waited for an event. Null without a thread read at both.
 */
export function busiestThreadShare(before: ThreadDemand, after: ThreadDemand, seconds: number): number | null {
  let busiest: number | null = null
  for (const [thread, ns] of after) {
    const earlier = before.get(thread)
    if (earlier === undefined || seconds <= 0) continue
    busiest = Math.max(busiest ?? 0, Math.max(0, ns - earlier) / 1e9 / seconds)
  }
  return busiest
}

/** Each thread of these processes (`pid/tid`) with its schedstat text ('' where it cannot be read). */
function schedstats(pids: readonly number[]): [string, string][] {
  return pids.flatMap((pid) => {
    let tids: string[]
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      return []
    }
    return tids.map((tid): [string, string] => [`${pid}/${tid}`, readProc(`/proc/${pid}/task/${tid}/schedstat`)])
  })
}

/** Nanoseconds the threads of these processes have run so far: CPU time finer than /proc/PID/stat's 10 ms ticks. */
export const ranNsOf = (pids: readonly number[]) =>
  schedstats(pids).reduce((ns, [, text]) => ns + (schedstatOf(text)?.ran ?? 0), 0)

function threadDemand(pids: readonly number[]): ThreadDemand {
  const demand = new Map<string, number>()
  for (const [thread, text] of schedstats(pids)) {
    const ns = demandNsOfSchedstat(text)
    if (ns !== null) demand.set(thread, ns)
  }
  return demand
}

/** The processes with a descriptor on one of these socket inodes. */
function holders(inodes: readonly string[]): number[] {
  const wanted = new Set(inodes.map((i) => `socket:[${i}]`))
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${entry}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      let link: string
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`)
      } catch {
        continue
      }
      if (wanted.has(link)) {
        pids.push(Number(entry))
        break
      }
    }
  }
  return pids
}

export interface ProcessCpu {
  readonly pids: readonly number[]
  /** CPU seconds the processes have used so far (those that still run); null once none can be read. */
  readonly seconds: () => number | null
  /** Each thread's demand for a core so far (empty where schedstat cannot be read). */
  readonly threads: () => ThreadDemand
}

/** The server listening on `port` on this machine, read through /proc; null where it cannot be. */
export function processCpuOf(port: number): ProcessCpu | null {
  if (process.platform !== 'linux') return null
  try {
    const inodes = listeningInodes(tcpTables(), port)
    const pids = inodes.length === 0 ? [] : holders(inodes)
    if (pids.length === 0) return null
    const seconds = () => {
      const each = pids.map((pid) => cpuSecondsOfStat(readProc(`/proc/${pid}/stat`)))
      return each.some((s) => s !== null) ? each.reduce<number>((sum, s) => sum + (s ?? 0), 0) : null
    }
    return seconds() === null ? null : { pids, seconds, threads: () => threadDemand(pids) }
  } catch {
    return null
  }
}
