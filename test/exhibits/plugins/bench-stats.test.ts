/**
 * The event-loop measurement every proof relies on: a stall that starts right after the reset is
 * in the window (the reading waits for the loop's timer to tick after it), and the window always
 * has samples, so "no stall" is never read from an empty histogram.
 */
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../../helpers/app.js'
import { burnCpu, busyLoop } from '../../helpers/busy-loop.js'
import { get, post } from '../../helpers/http.js'
import { type EventLoopStats } from '../../helpers/load.js'

const STALL_MS = 60

describe('bench stats', () => {
  const server = useListeningApp()
  const stats = async () =>
    (await get(`${server.url}/_bench/stats`)).body as EventLoopStats & {
      eventLoopDelayMs: { samples: number }
      cpuMs: number
    }

  it('sees a stall that begins the moment the reset has answered', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await post(`${server.url}/_bench/reset`)).toBe(204)
      busyLoop(STALL_MS) // the in-process app shares this loop
      const { eventLoopDelayMs } = await stats()
      expect(eventLoopDelayMs.max).toBeGreaterThan(0.7 * STALL_MS)
      expect(eventLoopDelayMs.samples).toBeGreaterThan(0)
    }
  })

  it('reports a quiet loop as quiet, from samples, not from an empty window', async () => {
    expect(await post(`${server.url}/_bench/reset`)).toBe(204)
    const { eventLoopDelayMs } = await stats()
    expect(eventLoopDelayMs.samples).toBeGreaterThan(0)
    expect(eventLoopDelayMs.max).toBeLessThan(STALL_MS)
  })

  it('counts the CPU time the process spent since the reset, and only since then', async () => {
    burnCpu(STALL_MS) // before the window: not counted
    expect(await post(`${server.url}/_bench/reset`)).toBe(204)
    const quiet = (await stats()).cpuMs
    expect(await post(`${server.url}/_bench/reset`)).toBe(204)
    burnCpu(STALL_MS) // CPU time, not wall time: a CI machine running other suites gives this loop part of a core
    const busy = (await stats()).cpuMs
    expect(busy).toBeGreaterThanOrEqual(STALL_MS)
    expect(quiet).toBeLessThan(busy)
  })
})
