/**
 * The CPU time of a server without /metrics, read through /proc: the processes that hold its
 * listening socket, their user and system time. A server of ours in a process of its own spends
 * CPU on request; the doctor's reading must see it, and nothing for a port nobody listens on.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  busiestThreadShare,
  cpuSecondsOfStat,
  demandNsOfSchedstat,
  listeningInodes,
  processCpuOf,
} from '../../../bench/doctor/process-cpu.js'
import { startPortServer } from '../../../bench/doctor/port-server.js'

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5405 1 0000000095e1aab4 100 0 0 10 0
   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 7777 1 0000000095e1aab4 100 0 0 10 0
   2: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 4383 1 000000004fbff578 100 0 0 10 0
   3: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 0 1 000000004fbff578 100 0 0 10 0
`

describe('/proc readings', () => {
  it('the listening sockets on a port: the LISTEN state only, that port only, with an inode', () => {
    expect(listeningInodes(TABLE, 8080)).toEqual(['5405'])
    expect(listeningInodes(TABLE, 8081)).toEqual(['4383'])
    expect(listeningInodes(TABLE, 80)).toEqual([])
    expect(listeningInodes('', 8080)).toEqual([])
  })

  it('user plus system time from a stat line, whatever the name holds', () => {
    const fields = (name: string) =>
      `4242 (${name}) S 1 4242 4242 0 -1 4194560 300 0 0 0 250 130 0 0 20 0 11 0 5000 100000 2000`
    expect(cpuSecondsOfStat(fields('node'))).toBeCloseTo(3.8, 6)
    expect(cpuSecondsOfStat(fields('a) S 9 (b'))).toBeCloseTo(3.8, 6)
    expect(cpuSecondsOfStat('')).toBeNull()
    expect(cpuSecondsOfStat('4242 (node) S 1 2')).toBeNull()
  })

  it('a thread’s demand for a core: the time it ran plus the time it waited for one; the busiest of those alive at both readings', () => {
    expect(demandNsOfSchedstat('672638 372118 2\n')).toBe(672638 + 372118)
    expect(demandNsOfSchedstat('')).toBeNull()
    expect(demandNsOfSchedstat('672638')).toBeNull()
    const before = new Map([
      ['7/7', 1e9],
      ['7/8', 0],
    ])
    const after = new Map([
      ['7/7', 1.9e9],
      ['7/8', 0.3e9],
      ['7/9', 5e9], // born during the level: its total is not the level's
    ])
    expect(busiestThreadShare(before, after, 1)).toBeCloseTo(0.9, 9)
    expect(busiestThreadShare(before, after, 2)).toBeCloseTo(0.45, 9)
    expect(busiestThreadShare(new Map(), after, 1)).toBeNull()
  })
})

describe.runIf(process.platform === 'linux')('the server behind a port', () => {
  it('finds the process that listens, and counts the CPU it spends on requests', { timeout: 30_000 }, async () => {
    const server = await startPortServer(process.execPath, [
      join(import.meta.dirname, '../../../bench/doctor/foreign/node-http-server.cjs'),
    ])
    try {
      const port = Number(new URL(server.origin).port)
      const cpu = processCpuOf(port)
      expect(cpu).not.toBeNull()
      expect(cpu!.pids).toHaveLength(1)
      expect(cpu!.pids).not.toContain(process.pid)
      const before = cpu!.seconds()!
      // /busy spins 30 ms on the server's loop: twenty of them are 0.6 s of its CPU.
      for (let i = 0; i < 20; i++) await (await fetch(`${server.origin}/busy`)).text()
      const spent = cpu!.seconds()! - before
      expect(spent).toBeGreaterThan(0.3)
      expect(spent).toBeLessThan(5)
      // Four requests always in flight keep its loop from ever waiting for one: its thread runs or
      // waits for a core the whole time, however much of one this machine gives it. Idle, it sleeps.
      const share = async (work: () => Promise<unknown>) => {
        const [threads, start] = [cpu!.threads(), performance.now()]
        await work()
        return busiestThreadShare(threads, cpu!.threads(), (performance.now() - start) / 1000)!
      }
      const spin = () => fetch(`${server.origin}/busy`).then((r) => r.text())
      const loaded = await share(() =>
        Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let i = 0; i < 10; i++) await spin()
          }),
        ),
      )
      const idle = await share(() => new Promise((resolve) => setTimeout(resolve, 300)))
      expect(loaded).toBeGreaterThan(0.7)
      expect(idle).toBeLessThan(0.5 * loaded)
    } finally {
      await server.stop()
    }
    expect(processCpuOf(1)).toBeNull()
  })
})
