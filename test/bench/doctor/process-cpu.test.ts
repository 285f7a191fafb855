/**
 * The CPU time of a server without /metrics, read through /proc: the processes that hold its
 * listening socket, their user and system time. A server of ours in a process of its own spends
 * CPU on request; the doctor's reading must see it, and nothing for a port nobody listens on.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cpuSecondsOfStat, listeningInodes, processCpuOf } from '../../../bench/doctor/process-cpu.js'
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
    } finally {
      await server.stop()
    }
    expect(processCpuOf(1)).toBeNull()
  })
})
