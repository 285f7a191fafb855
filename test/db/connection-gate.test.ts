/**
 * The connection gate on its own: as many holders as it has slots, waiters admitted first come
 * first served, a bounded wait that ends in DbPoolTimeoutError (a 503), a release that counts
 * once. The database scenario's test shows it in front of a real pool.
 */
import { describe, expect, it, vi } from 'vitest'
import { ConnectionGate } from '../../src/db/connection-gate.js'
import { DbPoolTimeoutError } from '../../src/errors.js'

/** Settles the microtasks an admission takes. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('connection gate', () => {
  it('admits as many as it has slots, then makes the next wait until one is released', async () => {
    const gate = new ConnectionGate(2, 1_000)
    expect([gate.inUse, gate.rejected]).toEqual([0, 0])
    const first = await gate.acquire()
    expect(gate.inUse).toBe(1)
    await gate.acquire()
    let admitted = false
    const third = gate.acquire().then((release) => {
      admitted = true
      return release
    })
    await flush()
    expect({ admitted, waiting: gate.waiting }).toEqual({ admitted: false, waiting: 1 })
    first()
    expect(await third).toBeTypeOf('function')
    expect({ admitted, waiting: gate.waiting }).toEqual({ admitted: true, waiting: 0 })
  })

  it('hands a released slot to the longest waiter, in order', async () => {
    const gate = new ConnectionGate(1, 1_000)
    const held = await gate.acquire()
    const order: number[] = []
    const waiters = [1, 2, 3].map((n) =>
      gate.acquire().then((release) => {
        order.push(n)
        return release
      }),
    )
    await flush()
    expect(gate.waiting).toBe(3)
    held()
    ;(await waiters[0]!)()
    ;(await waiters[1]!)()
    ;(await waiters[2]!)()
    expect(order).toEqual([1, 2, 3])
    // All released: the slot is free again, for one holder only.
    await gate.acquire()
    const blocked = gate.acquire()
    await flush()
    expect(gate.waiting).toBe(1)
    void blocked.catch(() => {})
  })

  it('a release called twice frees one slot, not two', async () => {
    const gate = new ConnectionGate(1, 1_000)
    const release = await gate.acquire()
    release()
    release()
    await gate.acquire()
    const second = gate.acquire()
    await flush()
    expect(gate.waiting).toBe(1)
    void second.catch(() => {})
  })

  it('run() holds a slot for the query and gives it back, whether the query succeeds or throws', async () => {
    const gate = new ConnectionGate(1, 1_000)
    expect(await gate.run(async () => 42)).toBe(42)
    await expect(gate.run(async () => Promise.reject(new Error('query failed')))).rejects.toThrow('query failed')
    // Both gave their slot back: one more run is admitted at once.
    let during = -1
    await gate.run(async () => {
      during = gate.waiting
    })
    expect(during).toBe(0)
    const release = await gate.acquire()
    const waiting = gate.run(async () => 'late')
    await flush()
    expect(gate.waiting).toBe(1)
    release()
    expect(await waiting).toBe('late')
  })

  it('a waiter that is not admitted in time fails with DbPoolTimeoutError and leaves the line', async () => {
    vi.useFakeTimers()
    try {
      const gate = new ConnectionGate(1, 300)
      const held = await gate.acquire()
      const early = gate.acquire()
      const rejected = expect(early).rejects.toBeInstanceOf(DbPoolTimeoutError)
      await vi.advanceTimersByTimeAsync(100)
      const later = gate.acquire()
      await vi.advanceTimersByTimeAsync(199)
      expect(gate.waiting).toBe(2)
      await vi.advanceTimersByTimeAsync(1)
      await rejected
      await expect(early).rejects.toMatchObject({ statusCode: 503, message: expect.stringContaining('300 ms') })
      // What /metrics reads: one held, one refused so far.
      expect([gate.inUse, gate.rejected]).toEqual([1, 1])
      // Only the one that timed out left; the later waiter is still in line and gets the slot.
      expect(gate.waiting).toBe(1)
      held()
      const release = await later
      expect(gate.waiting).toBe(0)
      // Admitted in time: its timer no longer fires.
      await vi.advanceTimersByTimeAsync(1_000)
      release()
    } finally {
      vi.useRealTimers()
    }
  })
})
